// drvcert-test: rules=previous-mode-confusion
//
// The same broker written the documented way: handles from the caller are
// referenced with the caller's mode (Irp->RequestorMode or UserMode), the
// referenced object is used instead of the raw handle, the caller's data is
// captured into kernel memory before any Zw call, the driver's own kernel
// handles and the SystemBuffer (kernel memory) go to Zw routines freely, and
// requests from kernel-mode components are trusted. No finding.

#include <ntifs.h>

#define BRK_TAG 'krBX'
#define BRK_MAX_WRITE 4096

#define IOCTL_BRK_SIGNAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BRK_SIGNAL_USER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x861, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BRK_WRITE_LOG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x862, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_BRK_WRITE_BUFFERED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x863, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BRK_INTERNAL_CLOSE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x864, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _BRK_HANDLE_REQUEST {
    HANDLE Handle;
} BRK_HANDLE_REQUEST, *PBRK_HANDLE_REQUEST;

typedef struct _BRK_EXTENSION {
    HANDLE LogFile;
} BRK_EXTENSION, *PBRK_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH BrkDeviceControl;

static NTSTATUS
BrkSignal(PBRK_HANDLE_REQUEST Request, KPROCESSOR_MODE Mode)
{
    PKEVENT event;
    NTSTATUS status;

    status = ObReferenceObjectByHandle(Request->Handle, EVENT_MODIFY_STATE, *ExEventObjectType,
                                       Mode, (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    ObDereferenceObject(event);
    return STATUS_SUCCESS;
}

//
// Idiom: capture the METHOD_NEITHER buffer (probe inside __try, copy into
// pool) and give the copy to ZwWriteFile.
//
static NTSTATUS
BrkWriteLog(PBRK_EXTENSION Extension, PIO_STACK_LOCATION IrpSp)
{
    PVOID userData = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    IO_STATUS_BLOCK ioStatus;
    PVOID copy;
    NTSTATUS status = STATUS_SUCCESS;

    if (length == 0 || length > BRK_MAX_WRITE) {
        return STATUS_INVALID_PARAMETER;
    }
    copy = ExAllocatePool2(POOL_FLAG_PAGED, length, BRK_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        ProbeForRead(userData, length, 1);
        RtlCopyMemory(copy, userData, length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(Extension->LogFile, NULL, NULL, NULL, &ioStatus, copy, length, NULL,
                             NULL);
    }
    ExFreePoolWithTag(copy, BRK_TAG);
    return status;
}

NTSTATUS
BrkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PBRK_EXTENSION extension = DeviceObject->DeviceExtension;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    IO_STATUS_BLOCK ioStatus;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BRK_SIGNAL:
        status = inLength < sizeof(BRK_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : BrkSignal(buffer, Irp->RequestorMode);
        break;
    case IOCTL_BRK_SIGNAL_USER:
        status = inLength < sizeof(BRK_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : BrkSignal(buffer, UserMode);
        break;
    case IOCTL_BRK_WRITE_LOG:
        status = BrkWriteLog(extension, irpSp);
        break;
    case IOCTL_BRK_WRITE_BUFFERED:
        // The SystemBuffer is kernel memory: safe to hand to a Zw routine.
        if (inLength == 0 || inLength > BRK_MAX_WRITE) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = ZwWriteFile(extension->LogFile, NULL, NULL, NULL, &ioStatus, buffer, inLength,
                             NULL, NULL);
        break;
    case IOCTL_BRK_INTERNAL_CLOSE:
        // Only the companion filter sends this, with its own kernel handle.
        if (Irp->RequestorMode != KernelMode || inLength < sizeof(BRK_HANDLE_REQUEST)) {
            status = STATUS_ACCESS_DENIED;
            break;
        }
        status = ZwClose(((PBRK_HANDLE_REQUEST)buffer)->Handle);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoBroker");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, sizeof(BRK_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(BRK_EXTENSION));
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BrkDeviceControl;
    return STATUS_SUCCESS;
}
