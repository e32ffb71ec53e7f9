// drvcert-test: rules=user-pointer-unprobed
//
// Exposure against the IOCTL's RequiredAccess, in a WDM "RGB lighting"
// driver whose device everyone may open for reading but only SYSTEM and
// administrators for writing (SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R). A
// FILE_ANY_ACCESS code is everyone's; a FILE_WRITE_ACCESS code, or
// IoValidateDeviceIoControlAccess(Irp, FILE_WRITE_ACCESS) on the path, is
// administrators'.

#include <ntddk.h>
#include <wdmsec.h>

#define IOCTL_RGB_SET_COLOR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_RGB_SET_EFFECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_RGB_SET_ZONE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _RGB_COLOR {
    UCHAR Red, Green, Blue, Zone;
} RGB_COLOR, *PRGB_COLOR;

typedef struct _RGB_EXTENSION {
    RGB_COLOR Color;
    ULONG Effect;
    ULONG Zone;
} RGB_EXTENSION, *PRGB_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH RgbDeviceControl;

static NTSTATUS
RgbSetColor(PRGB_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PRGB_COLOR color = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        // expected-property@+2{{exposure=everyone}}
        // expected-related@+1{{SDDL SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R: everyone can open it}}
        Ext->Color = *color; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static NTSTATUS
RgbSetEffect(PRGB_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PULONG effect = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        // expected-property@+2{{exposure=administrators}}
        // expected-related@+1{{administrators can open it for writing}}
        Ext->Effect = *effect; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static NTSTATUS
RgbSetZone(PRGB_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG zone = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status;

    // The code says FILE_ANY_ACCESS; the handler demands write access.
    status = IoValidateDeviceIoControlAccess(Irp, FILE_WRITE_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        Ext->Zone = *zone; // expected-error{{without ProbeForRead/ProbeForWrite}} expected-property{{exposure=administrators}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

NTSTATUS
RgbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PRGB_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RGB_SET_COLOR:
        status = RgbSetColor(ext, irpSp);
        break;
    case IOCTL_RGB_SET_EFFECT:
        status = RgbSetEffect(ext, irpSp);
        break;
    case IOCTL_RGB_SET_ZONE:
        status = RgbSetZone(ext, Irp, irpSp);
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
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\RgbCtl");
    DECLARE_CONST_UNICODE_STRING(link, L"\\DosDevices\\RgbCtl");
    static const GUID RgbClass =
        {0x2b8e1f44, 0x1a3c, 0x4e6d, {0x8f, 0x10, 0x3c, 0x55, 0x21, 0x9e, 0x04, 0x7a}};
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDeviceSecure(DriverObject, sizeof(RGB_EXTENSION),
                                  (PUNICODE_STRING)&name, FILE_DEVICE_UNKNOWN,
                                  FILE_DEVICE_SECURE_OPEN, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R,
                                  &RgbClass, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink((PUNICODE_STRING)&link, (PUNICODE_STRING)&name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgbDeviceControl;
    return STATUS_SUCCESS;
}
