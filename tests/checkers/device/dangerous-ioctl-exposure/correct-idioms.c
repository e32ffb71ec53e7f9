// drvcert-test: rules=user-pointer-unprobed,dangerous-ioctl-exposure
// drvcert-test-primitive-rules: user-pointer-unprobed
//
// The hardened twin of reported.c: the same primitives (user-pointer-
// unprobed stands in for the primitive rules of other branches), but only
// privileged callers reach them, so no summary is reported. The primitive
// finding itself remains, graded by its exposure: the device is created
// with SDDL_DEVOBJ_SYS_ALL_ADM_ALL, so only administrators reach it and its
// level drops to warning.

#include <ntddk.h>
#include <wdmsec.h>

#define IOCTL_HWS_WRITE_REGISTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)

static const GUID GUID_DEVCLASS_CONTOSO_HWS =
    {0x3e0b55c8, 0x6a21, 0x4f7d, {0x8c, 0x3a, 0x90, 0x1e, 0x5b, 0x44, 0x27, 0x6f}};

typedef struct _HWS_REGISTER {
    ULONG Index;
    ULONG64 Value;
} HWS_REGISTER, *PHWS_REGISTER;

typedef struct _HWS_EXTENSION {
    ULONG LastIndex;
} HWS_EXTENSION, *PHWS_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH HwsDeviceControl;

static NTSTATUS
HwsWriteRegister(PHWS_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PHWS_REGISTER reg = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        Ext->LastIndex = reg->Index; // expected-warning{{without ProbeForRead/ProbeForWrite}} expected-property{{exposure=administrators}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

NTSTATUS
HwsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PHWS_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HWS_WRITE_REGISTER:
        status = HwsWriteRegister(ext, irpSp);
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
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HwSafe");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\HwSafe");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDeviceSecure(DriverObject, sizeof(HWS_EXTENSION), &name,
                                  FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &GUID_DEVCLASS_CONTOSO_HWS,
                                  &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HwsDeviceControl;
    return STATUS_SUCCESS;
}
