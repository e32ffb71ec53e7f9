// drvcert-test: rules=ioctl-process-access
//
// A "memory tool" driver of the kind game cheats and credential stealers
// load: it reads and writes another process's memory and opens processes
// for its client, all by a process id from the SystemBuffer, and never asks
// who the client is.

#include <ntifs.h>

// Exported by ntoskrnl but undocumented: drivers declare them themselves.
NTKERNELAPI NTSTATUS NTAPI MmCopyVirtualMemory(PEPROCESS SourceProcess, PVOID SourceAddress,
                                               PEPROCESS TargetProcess, PVOID TargetAddress,
                                               SIZE_T BufferSize, KPROCESSOR_MODE PreviousMode,
                                               PSIZE_T ReturnSize);
NTSYSAPI NTSTATUS NTAPI ZwReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                           PVOID Buffer, SIZE_T BufferSize,
                                           PSIZE_T NumberOfBytesRead);

#define MT_MAX_TRANSFER 0x1000

#define IOCTL_MT_READ_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MT_COPY_MEMORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MT_OPEN_PROCESS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MT_OPEN_BY_CID \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x813, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MT_READ_BY_HANDLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x814, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _MT_MEMORY_REQUEST {
    ULONG ProcessId;
    ULONG Size;
    ULONG64 Address;
    UCHAR Data[MT_MAX_TRANSFER];
} MT_MEMORY_REQUEST, *PMT_MEMORY_REQUEST;

typedef struct _MT_OPEN_REQUEST {
    ULONG ProcessId;
    ACCESS_MASK DesiredAccess;
} MT_OPEN_REQUEST, *PMT_OPEN_REQUEST;

typedef struct _MT_OPEN_REPLY {
    HANDLE ProcessHandle;
} MT_OPEN_REPLY, *PMT_OPEN_REPLY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH MtDeviceControl;

//
// Case: attach to the target and copy from its address space.
//
static NTSTATUS
MtReadMemory(PMT_MEMORY_REQUEST Request)
{
    PEPROCESS process;
    KAPC_STATE apcState;
    NTSTATUS status = STATUS_SUCCESS;
    UCHAR data[MT_MAX_TRANSFER];
    ULONG size = Request->Size;

    if (size > MT_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeStackAttachProcess((PKPROCESS)process, &apcState); // expected-error{{'KeStackAttachProcess' attaches the thread to a process whose id is a value read from the SystemBuffer (from 'PsLookupProcessByProcessId') with no authorization check on the path; any caller can read or change the memory of any process}}
    __try {
        ProbeForRead((PVOID)(ULONG_PTR)Request->Address, size, 1);
        RtlCopyMemory(data, (PVOID)(ULONG_PTR)Request->Address, size);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apcState);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Request->Data, data, size);
    }
    return status;
}

//
// Case: MmCopyVirtualMemory from the target into the driver.
//
static NTSTATUS
MtCopyMemory(PMT_MEMORY_REQUEST Request)
{
    PEPROCESS process;
    SIZE_T copied = 0;
    NTSTATUS status;

    if (Request->Size > MT_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = MmCopyVirtualMemory(process, (PVOID)(ULONG_PTR)Request->Address, PsGetCurrentProcess(), // expected-error{{'MmCopyVirtualMemory' reads or writes the memory of a process whose id is a value read from the SystemBuffer}}
                                 Request->Data, Request->Size, KernelMode, &copied);
    ObDereferenceObject(process);
    return status;
}

//
// Case: a full-access handle opened in KernelMode, returned to the caller.
//
static NTSTATUS
MtOpenProcess(PIRP Irp, PMT_OPEN_REQUEST Request, ULONG OutputLength)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    if (OutputLength < sizeof(MT_OPEN_REPLY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObOpenObjectByPointer(process, 0, NULL, PROCESS_ALL_ACCESS, *PsProcessType,
                                   KernelMode, &processHandle);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        ((PMT_OPEN_REPLY)Irp->AssociatedIrp.SystemBuffer)->ProcessHandle = processHandle; // expected-error{{handle to a process whose id is a value read from the SystemBuffer (from 'ObOpenObjectByPointer'), opened with KernelMode access and without OBJ_FORCE_ACCESS_CHECK, is written to the caller's buffer}}
        Irp->IoStatus.Information = sizeof(MT_OPEN_REPLY);
    }
    return status;
}

//
// Case: ZwOpenProcess (kernel previous mode) with the caller's desired
// access, copied out with RtlCopyMemory.
//
static NTSTATUS
MtOpenByClientId(PIRP Irp, PMT_OPEN_REQUEST Request, ULONG OutputLength)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId = { 0 };
    HANDLE processHandle;
    NTSTATUS status;

    if (OutputLength < sizeof(HANDLE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    InitializeObjectAttributes(&attributes, NULL, 0, NULL, NULL);
    clientId.UniqueProcess = ULongToHandle(Request->ProcessId);
    status = ZwOpenProcess(&processHandle, Request->DesiredAccess, &attributes, &clientId);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &processHandle, sizeof(HANDLE)); // expected-error{{handle to a process whose id is a value read from the SystemBuffer (from 'ZwOpenProcess')}}
        Irp->IoStatus.Information = sizeof(HANDLE);
    }
    return status;
}

//
// Case: the caller's handle, any access, read through with kernel previous
// mode.
//
typedef struct _MT_HANDLE_READ {
    HANDLE ProcessHandle;
    ULONG64 Address;
    UCHAR Data[64];
} MT_HANDLE_READ, *PMT_HANDLE_READ;

static NTSTATUS
MtReadByHandle(PMT_HANDLE_READ Request)
{
    UCHAR data[64];
    SIZE_T read = 0;
    NTSTATUS status;

    status = ZwReadVirtualMemory(Request->ProcessHandle, (PVOID)(ULONG_PTR)Request->Address, // expected-error{{'ZwReadVirtualMemory' reads or writes the memory of a process whose handle is a value read from the SystemBuffer}}
                                 data, sizeof(data), &read);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Request->Data, data, sizeof(data));
    }
    return status;
}

NTSTATUS
MtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_MT_READ_MEMORY:
        status = inLength < sizeof(MT_MEMORY_REQUEST) || outLength < sizeof(MT_MEMORY_REQUEST)
                     ? STATUS_BUFFER_TOO_SMALL
                     : MtReadMemory(buffer);
        break;
    case IOCTL_MT_COPY_MEMORY:
        status = inLength < sizeof(MT_MEMORY_REQUEST) || outLength < sizeof(MT_MEMORY_REQUEST)
                     ? STATUS_BUFFER_TOO_SMALL
                     : MtCopyMemory(buffer);
        break;
    case IOCTL_MT_OPEN_PROCESS:
        status = inLength < sizeof(MT_OPEN_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                    : MtOpenProcess(Irp, buffer, outLength);
        break;
    case IOCTL_MT_OPEN_BY_CID:
        status = inLength < sizeof(MT_OPEN_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                    : MtOpenByClientId(Irp, buffer, outLength);
        break;
    case IOCTL_MT_READ_BY_HANDLE:
        status = inLength < sizeof(MT_HANDLE_READ) || outLength < sizeof(MT_HANDLE_READ)
                     ? STATUS_BUFFER_TOO_SMALL
                     : MtReadByHandle(buffer);
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
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MemTool");
    PDEVICE_OBJECT deviceObject;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MtDeviceControl;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                          FALSE, &deviceObject);
}
