// drvcert-test: rules=previous-mode-confusion
//
// A synchronization and I/O broker driver: its clients pass event handles,
// file handles and buffers, and the driver uses them with kernel-mode
// semantics. ObReferenceObjectByHandle(KernelMode) on a caller's handle
// skips the access check and accepts kernel handle values; Zw routines run
// with PreviousMode KernelMode, so they check nothing about the caller's
// handles and never probe the caller's addresses.

#include <ntifs.h>

#define IOCTL_BRK_SIGNAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BRK_CLOSE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BRK_READ_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x852, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_BRK_WRITE_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x853, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_BRK_QUERY_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x854, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _BRK_HANDLE_REQUEST {
    HANDLE Handle;
} BRK_HANDLE_REQUEST, *PBRK_HANDLE_REQUEST;

typedef struct _BRK_WRITE_REQUEST {
    HANDLE FileHandle;
    PVOID Data;          // the client's buffer
    ULONG Length;
} BRK_WRITE_REQUEST, *PBRK_WRITE_REQUEST;

typedef struct _BRK_EXTENSION {
    HANDLE LogFile;      // a kernel handle the driver opened at start
} BRK_EXTENSION, *PBRK_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH BrkDeviceControl;

//
// Case: the documented bug: KernelMode reference of a caller's handle.
//
static NTSTATUS
BrkSignal(PBRK_HANDLE_REQUEST Request)
{
    PKEVENT event;
    NTSTATUS status;

    status = ObReferenceObjectByHandle(Request->Handle, EVENT_MODIFY_STATE, *ExEventObjectType, // expected-error{{'ObReferenceObjectByHandle' resolves a handle that is a value read from the SystemBuffer with AccessMode KernelMode; no access check is made and a kernel handle value is accepted}}
                                       KernelMode, (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    ObDereferenceObject(event);
    return STATUS_SUCCESS;
}

//
// Case: the caller's handle closed with ZwClose: a kernel handle value
// closes one of the System process's handles.
//
static NTSTATUS
BrkClose(PBRK_HANDLE_REQUEST Request)
{
    return ZwClose(Request->Handle); // expected-error{{handle that is a value read from the SystemBuffer is passed to 'ZwClose', which runs with kernel previous mode}}
}

//
// Case: METHOD_NEITHER: the caller's buffer handed to ZwReadFile on the
// driver's own file; ZwReadFile does not probe it.
//
static NTSTATUS
BrkReadFile(PBRK_EXTENSION Extension, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    IO_STATUS_BLOCK ioStatus;
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;

    return ZwReadFile(Extension->LogFile, NULL, NULL, NULL, &ioStatus, Irp->UserBuffer, length, // expected-error{{user-mode address from Irp->UserBuffer is passed to 'ZwReadFile', which runs with kernel previous mode and does not probe it}}
                      NULL, NULL);
}

//
// Case: a handle and a pointer from the request; the handle is reported
// first.
//
static NTSTATUS
BrkWriteFile(PBRK_WRITE_REQUEST Request)
{
    IO_STATUS_BLOCK ioStatus;

    return ZwWriteFile(Request->FileHandle, NULL, NULL, NULL, &ioStatus, Request->Data, // expected-error{{handle that is a value read from the SystemBuffer is passed to 'ZwWriteFile'}}
                       Request->Length, NULL, NULL);
}

//
// Case: WithTag variant, in a helper.
//
static NTSTATUS
BrkQueryFile(PBRK_HANDLE_REQUEST Request, PULONG Flags)
{
    PFILE_OBJECT fileObject;
    NTSTATUS status;

    status = ObReferenceObjectByHandleWithTag(Request->Handle, FILE_READ_ATTRIBUTES, *IoFileObjectType, // expected-error{{'ObReferenceObjectByHandleWithTag' resolves a handle that is a value read from the SystemBuffer with AccessMode KernelMode}}
                                              KernelMode, 'krBX', (PVOID *)&fileObject, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *Flags = fileObject->Flags;
    ObDereferenceObjectWithTag(fileObject, 'krBX');
    return STATUS_SUCCESS;
}

NTSTATUS
BrkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG flags = 0;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BRK_SIGNAL:
        status = inLength < sizeof(BRK_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : BrkSignal(buffer);
        break;
    case IOCTL_BRK_CLOSE:
        status = inLength < sizeof(BRK_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : BrkClose(buffer);
        break;
    case IOCTL_BRK_READ_FILE:
        status = BrkReadFile(DeviceObject->DeviceExtension, Irp, irpSp);
        break;
    case IOCTL_BRK_WRITE_FILE:
        status = inLength < sizeof(BRK_WRITE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                      : BrkWriteFile(buffer);
        break;
    case IOCTL_BRK_QUERY_FILE:
        status = inLength < sizeof(BRK_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : BrkQueryFile(buffer, &flags);
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
