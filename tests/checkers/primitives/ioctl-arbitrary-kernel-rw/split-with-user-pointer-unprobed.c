// drvcert-test: rules=ioctl-arbitrary-kernel-rw,user-pointer-unprobed
//
// Where ioctl-arbitrary-kernel-rw ends and user-pointer-unprobed begins,
// with both rules on: each access is reported once, by one of them.
//
//   a field of pointer type (PVOID Buffer) is a user pointer the driver
//   forgot to probe           -> user-pointer-unprobed (fix: probe it)
//   a field of integer type converted to a pointer (ULONG64 Address) is an
//   address the design wants to be a kernel one
//                             -> ioctl-arbitrary-kernel-rw (fix: remove the
//                                IOCTL or allowlist; a probe would break the
//                                feature, and the feature is the bug)

#include <ntddk.h>

#define IOCTL_GFX_READ_USER \
    CTL_CODE(FILE_DEVICE_VIDEO, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GFX_READ_KERNEL \
    CTL_CODE(FILE_DEVICE_VIDEO, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _GFX_REQUEST {
    PVOID Buffer;    // the caller's buffer
    ULONG64 Address; // "the address of the mode table"
    ULONG Length;
    ULONG Reserved;
} GFX_REQUEST, *PGFX_REQUEST;

DRIVER_DISPATCH GfxDeviceControl;

NTSTATUS
GfxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PGFX_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    UCHAR table[64];
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(GFX_REQUEST) ||
        request->Length > sizeof(table)) {
        status = STATUS_INVALID_PARAMETER;
    } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_GFX_READ_USER) {
        __try {
            RtlCopyMemory(table, request->Buffer, request->Length); // expected-error{{user-mode address from a pointer read from the caller's data is passed to 'RtlCopyMemory' without ProbeForRead/ProbeForWrite}}
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
    } else if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_GFX_READ_KERNEL) {
        PVOID modeTable = (PVOID)request->Address;
        RtlCopyMemory(table, modeTable, request->Length); // expected-error{{kernel address from a value read from the SystemBuffer is passed to 'RtlCopyMemory' as the source}}
    } else {
        status = STATUS_INVALID_DEVICE_REQUEST;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
