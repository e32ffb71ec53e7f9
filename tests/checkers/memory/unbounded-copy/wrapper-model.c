// drvcert-test: rules=unbounded-copy
// drvcert-test-model: Inputs/my-wrappers.yaml
//
// A driver's own copy routine whose body is in another translation unit
// (the vendor's support library). drvcert cannot see into it, so it is a
// copy only because the model file above says so: MyCopy(Destination,
// Source, Length). With the model, an unchecked length passed to it is
// reported like one passed to RtlCopyMemory; routines the model does not
// describe are not copies.

#include <ntddk.h>

#define FAN_CURVE_POINTS 8

#define IOCTL_FAN_SET_CURVE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_FAN_SET_CURVE_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_FAN_SET_LABEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_FAN_LOG_REQUEST \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _FAN_POINT {
    USHORT Temperature;
    USHORT DutyCycle;
} FAN_POINT, *PFAN_POINT;

typedef struct _FAN_EXTENSION {
    FAN_POINT Curve[FAN_CURVE_POINTS];
    CHAR Label[32];
    ULONG RequestChecksum;
} FAN_EXTENSION, *PFAN_EXTENSION;

// Contoso support library (fansup.lib).
VOID MyCopy(PVOID Destination, const VOID *Source, SIZE_T Length);
ULONG MyChecksum(const VOID *Buffer, SIZE_T Length);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FanUnload;
DRIVER_DISPATCH FanCreateClose;
DRIVER_DISPATCH FanDeviceControl;

//
// Case: the modeled wrapper with the caller's length.
//
static NTSTATUS
FanSetCurve(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < sizeof(FAN_POINT)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    MyCopy(Ext->Curve, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Correct: the same call, after a check that the curve fits.
//
static NTSTATUS
FanSetCurveChecked(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < sizeof(FAN_POINT) || inLength > sizeof(Ext->Curve)) {
        return STATUS_INVALID_PARAMETER;
    }
    MyCopy(Ext->Curve, Irp->AssociatedIrp.SystemBuffer, inLength); // no-warning
    return STATUS_SUCCESS;
}

//
// Case: RtlCopyMemory, as usual, in the same file.
//
static NTSTATUS
FanSetLabel(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Label, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Correct: the library's checksum routine reads the buffer but is not a
// copy; the model does not describe it.
//
static NTSTATUS
FanLogRequest(PFAN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    Ext->RequestChecksum = MyChecksum(Irp->AssociatedIrp.SystemBuffer, // no-warning
                                      IrpSp->Parameters.DeviceIoControl.InputBufferLength);
    return STATUS_SUCCESS;
}

NTSTATUS
FanDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFAN_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FAN_SET_CURVE:
        status = FanSetCurve(ext, Irp, irpSp);
        break;
    case IOCTL_FAN_SET_CURVE_CHECKED:
        status = FanSetCurveChecked(ext, Irp, irpSp);
        break;
    case IOCTL_FAN_SET_LABEL:
        status = FanSetLabel(ext, Irp, irpSp);
        break;
    case IOCTL_FAN_LOG_REQUEST:
        status = FanLogRequest(ext, Irp, irpSp);
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
FanCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
FanUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoFan");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoFan");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoFan");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(FAN_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(FAN_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FanDeviceControl;
    DriverObject->DriverUnload = FanUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
