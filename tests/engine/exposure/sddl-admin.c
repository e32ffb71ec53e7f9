// drvcert-test: rules=user-pointer-unprobed
//
// Exposure of findings in a WDM "flash update" driver whose device is
// created with IoCreateDeviceSecure and wdmsec.h's
// SDDL_DEVOBJ_SYS_ALL_ADM_ALL: only SYSTEM and administrators can open it,
// so the unprobed user pointer below is reachable by administrators only
// (the finding keeps its level: user-pointer-unprobed is not one of the
// primitive families whose severity follows exposure).

#include <ntddk.h>
#include <wdmsec.h>

#define IOCTL_FLASH_WRITE_BLOCK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_NEITHER, FILE_ANY_ACCESS)

// The driver's own device class, as the driver security checklist asks.
static const GUID GUID_DEVCLASS_CONTOSO_FLASH =
    {0x6f1c2a10, 0x54b7, 0x4c1e, {0x9a, 0x43, 0x12, 0x5d, 0x7e, 0x80, 0x31, 0x0b}};

typedef struct _FLASH_BLOCK {
    ULONG Offset;
    UCHAR Data[32];
} FLASH_BLOCK, *PFLASH_BLOCK;

typedef struct _FLASH_EXTENSION {
    UCHAR Staging[32];
    ULONG Offset;
} FLASH_EXTENSION, *PFLASH_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH FlashDeviceControl;

static NTSTATUS
FlashWriteBlock(PFLASH_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PFLASH_BLOCK block = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        // expected-property@+2{{exposure=administrators}}
        // expected-related@+1{{device '\Device\ContosoFlash' created here with SDDL SDDL_DEVOBJ_SYS_ALL_ADM_ALL: administrators can open it}}
        Ext->Offset = block->Offset; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

NTSTATUS
FlashDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FLASH_WRITE_BLOCK:
        status = FlashWriteBlock(DeviceObject->DeviceExtension, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoFlash");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoFlash");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDeviceSecure(DriverObject, sizeof(FLASH_EXTENSION), &name,
                                  FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                  FALSE, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                  &GUID_DEVCLASS_CONTOSO_FLASH, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FlashDeviceControl;
    return STATUS_SUCCESS;
}
