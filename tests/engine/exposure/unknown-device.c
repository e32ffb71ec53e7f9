// drvcert-test: rules=user-pointer-unprobed
//
// A dispatch routine whose device this TU does not create: the driver's
// DriverEntry and IoCreateDevice live in a file outside the compilation
// database (a prebuilt library of the vendor's), so nobody in the run
// registers VndDeviceControl and its findings' exposure is unknown (and
// their level stays as it is).

#include <ntddk.h>

#define IOCTL_VND_SET_MODE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD00, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _VND_EXTENSION {
    ULONG Mode;
} VND_EXTENSION, *PVND_EXTENSION;

DRIVER_DISPATCH VndDeviceControl;

NTSTATUS
VndDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVND_EXTENSION ext = DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VND_SET_MODE: {
        PULONG mode = irpSp->Parameters.DeviceIoControl.Type3InputBuffer;
        __try {
            ext->Mode = *mode; // expected-error{{without ProbeForRead/ProbeForWrite}} expected-property{{exposure=unknown}}
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
