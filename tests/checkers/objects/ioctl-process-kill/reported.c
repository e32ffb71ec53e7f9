// drvcert-test: rules=ioctl-process-kill
//
// The "EDR killer" shape of abused anti-malware and system-utility drivers:
// an IOCTL takes a process id (or a handle) from the SystemBuffer and
// terminates or suspends that process. Some handlers check
// PsIsProtectedProcess first, as Microsoft's guidance asks, but none checks
// who is asking, so any user can kill the security agent.

#include <ntifs.h>

// Exported by ntoskrnl but undocumented: drivers declare them themselves.
NTKERNELAPI NTSTATUS NTAPI PsSuspendProcess(PEPROCESS Process);
NTKERNELAPI BOOLEAN NTAPI PsIsProtectedProcess(PEPROCESS Process);
NTKERNELAPI BOOLEAN NTAPI PsIsProtectedProcessLight(PEPROCESS Process);
NTSYSAPI NTSTATUS NTAPI ZwSuspendProcess(HANDLE ProcessHandle);

#define IOCTL_AV_TERMINATE_PROCESS \
    CTL_CODE(0x8000, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_TERMINATE_BY_CID \
    CTL_CODE(0x8000, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_SUSPEND_PROCESS \
    CTL_CODE(0x8000, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_TERMINATE_ATTACHED \
    CTL_CODE(0x8000, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_TERMINATE_HANDLE \
    CTL_CODE(0x8000, 0x805, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_FREEZE_PROCESS \
    CTL_CODE(0x8000, 0x806, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AV_TERMINATE_CHECKED_WEAKLY \
    CTL_CODE(0x8000, 0x807, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _AV_PROCESS_REQUEST {
    ULONG ProcessId;
    ULONG ExitCode;
} AV_PROCESS_REQUEST, *PAV_PROCESS_REQUEST;

typedef struct _AV_HANDLE_REQUEST {
    HANDLE ProcessHandle;
} AV_HANDLE_REQUEST, *PAV_HANDLE_REQUEST;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AvUnload;
DRIVER_DISPATCH AvCreateClose;
DRIVER_DISPATCH AvDeviceControl;

//
// Case: PID -> PsLookupProcessByProcessId -> PsIsProtectedProcess check ->
// ObOpenObjectByPointer(KernelMode) -> ZwTerminateProcess.
//
static NTSTATUS
AvTerminateProcess(PAV_PROCESS_REQUEST Request)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Request->ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (PsIsProtectedProcess(process) || PsIsProtectedProcessLight(process)) {
        ObDereferenceObject(process);
        return STATUS_ACCESS_DENIED;
    }
    status = ObOpenObjectByPointer(process, OBJ_KERNEL_HANDLE, NULL, PROCESS_ALL_ACCESS,
                                   *PsProcessType, KernelMode, &processHandle);
    ObDereferenceObject(process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwTerminateProcess(processHandle, (NTSTATUS)Request->ExitCode); // expected-error{{'ZwTerminateProcess' terminates a process whose id is a value read from the SystemBuffer (from 'ObOpenObjectByPointer') with no authorization check on the path; any caller can kill or freeze any process}}
    ZwClose(processHandle);
    return status;
}

//
// Case: ZwOpenProcess with the caller's PID in CLIENT_ID.UniqueProcess.
//
static NTSTATUS
AvTerminateByClientId(PAV_PROCESS_REQUEST Request)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId;
    HANDLE processHandle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    clientId.UniqueProcess = (HANDLE)(ULONG_PTR)Request->ProcessId;
    clientId.UniqueThread = NULL;
    status = ZwOpenProcess(&processHandle, PROCESS_TERMINATE, &attributes, &clientId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwTerminateProcess(processHandle, STATUS_SUCCESS); // expected-error{{'ZwTerminateProcess' terminates a process whose id is a value read from the SystemBuffer (from 'ZwOpenProcess')}}
    ZwClose(processHandle);
    return status;
}

//
// Case: the EPROCESS itself is suspended.
//
static NTSTATUS
AvSuspendProcess(PAV_PROCESS_REQUEST Request)
{
    PEPROCESS process;
    NTSTATUS status;

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Request->ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PsSuspendProcess(process); // expected-error{{'PsSuspendProcess' suspends a process whose id is a value read from the SystemBuffer (from 'PsLookupProcessByProcessId')}}
    ObDereferenceObject(process);
    return status;
}

//
// Case: attach to the process, then terminate "the current process".
//
static NTSTATUS
AvTerminateAttached(PAV_PROCESS_REQUEST Request)
{
    PEPROCESS process;
    KAPC_STATE apcState;
    NTSTATUS status;

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Request->ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeStackAttachProcess((PKPROCESS)process, &apcState);
    status = ZwTerminateProcess(NtCurrentProcess(), STATUS_SUCCESS); // expected-error{{terminates the process the thread attached to, whose id is a value read from the SystemBuffer, through NtCurrentProcess()}}
    KeUnstackDetachProcess(&apcState);
    ObDereferenceObject(process);
    return status;
}

//
// Case: the caller passes a handle of its own; ZwTerminateProcess runs with
// kernel previous mode and ignores the access the handle was opened with.
//
static NTSTATUS
AvTerminateHandle(PAV_HANDLE_REQUEST Request)
{
    return ZwTerminateProcess(Request->ProcessHandle, STATUS_SUCCESS); // expected-error{{'ZwTerminateProcess' terminates a process whose handle is a value read from the SystemBuffer with no authorization check}}
}

//
// Case: ZwSuspendProcess on a handle opened for the caller's PID.
//
static NTSTATUS
AvFreezeProcess(PAV_PROCESS_REQUEST Request)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId = { 0 };
    HANDLE processHandle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    clientId.UniqueProcess = ULongToHandle(Request->ProcessId);
    status = ZwOpenProcess(&processHandle, PROCESS_SUSPEND_RESUME, &attributes, &clientId);
    if (NT_SUCCESS(status)) {
        status = ZwSuspendProcess(processHandle); // expected-error{{'ZwSuspendProcess' suspends a process whose id is}}
        ZwClose(processHandle);
    }
    return status;
}

//
// Case: the only check is a privilege every user holds.
//
static NTSTATUS
AvTerminateCheckedWeakly(PIRP Irp, PAV_PROCESS_REQUEST Request)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_CHANGE_NOTIFY_PRIVILEGE), Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Request->ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObOpenObjectByPointer(process, OBJ_KERNEL_HANDLE, NULL, PROCESS_TERMINATE,
                                   *PsProcessType, KernelMode, &processHandle);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        status = ZwTerminateProcess(processHandle, STATUS_SUCCESS); // expected-error{{with no authorization check on the path}}
        ZwClose(processHandle);
    }
    return status;
}

NTSTATUS
AvDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_AV_TERMINATE_PROCESS:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvTerminateProcess(buffer);
        break;
    case IOCTL_AV_TERMINATE_BY_CID:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvTerminateByClientId(buffer);
        break;
    case IOCTL_AV_SUSPEND_PROCESS:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvSuspendProcess(buffer);
        break;
    case IOCTL_AV_TERMINATE_ATTACHED:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvTerminateAttached(buffer);
        break;
    case IOCTL_AV_TERMINATE_HANDLE:
        status = inLength < sizeof(AV_HANDLE_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                      : AvTerminateHandle(buffer);
        break;
    case IOCTL_AV_FREEZE_PROCESS:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvFreezeProcess(buffer);
        break;
    case IOCTL_AV_TERMINATE_CHECKED_WEAKLY:
        status = inLength < sizeof(AV_PROCESS_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : AvTerminateCheckedWeakly(Irp, buffer);
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
AvCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
AvUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\AvGuard");

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\AvGuard");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\AvGuard");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = AvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AvDeviceControl;
    DriverObject->DriverUnload = AvUnload;
    return STATUS_SUCCESS;
}
