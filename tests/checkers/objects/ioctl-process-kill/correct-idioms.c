// drvcert-test: rules=ioctl-process-kill
//
// A process-management driver written the careful way. It terminates
// processes for its service only after checking who asks: a privilege
// standard users lack (SeDebugPrivilege), an administrator token, a
// request from kernel mode; or it opens the target with the caller's own
// access checked (OBJ_FORCE_ACCESS_CHECK, AccessMode UserMode), so the
// caller kills only what it could kill itself. Processes the driver chose
// itself (its own worker, an id found in its own list of helpers) need no
// check. No finding.

#include <ntifs.h>

NTKERNELAPI NTSTATUS NTAPI PsSuspendProcess(PEPROCESS Process);

#define IOCTL_PM_TERMINATE_DEBUG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_TERMINATE_AS_CALLER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_TERMINATE_HANDLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_RESTART_WORKER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_SUSPEND_ADMIN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_TERMINATE_INTERNAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PM_STOP_HELPER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x907, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _PM_REQUEST {
    ULONG ProcessId;
    HANDLE ProcessHandle;
} PM_REQUEST, *PPM_REQUEST;

#define PM_MAX_HELPERS 4

typedef struct _PM_EXTENSION {
    HANDLE WorkerProcessId;   // the helper process the driver started
    ULONG HelperCount;        // helpers the driver spawned, by id
    ULONG HelperIds[PM_MAX_HELPERS];
} PM_EXTENSION, *PPM_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH PmDeviceControl;

static NTSTATUS
PmTerminateById(HANDLE ProcessId)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    status = PsLookupProcessByProcessId(ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObOpenObjectByPointer(process, OBJ_KERNEL_HANDLE, NULL, PROCESS_TERMINATE,
                                   *PsProcessType, KernelMode, &processHandle);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        status = ZwTerminateProcess(processHandle, STATUS_SUCCESS);
        ZwClose(processHandle);
    }
    return status;
}

//
// Idiom: the caller must hold SeDebugPrivilege (checked against the
// requestor's mode), as a debugger would.
//
static NTSTATUS
PmTerminateDebug(PIRP Irp, PPM_REQUEST Request)
{
    LUID debugPrivilege = RtlConvertLongToLuid(SE_DEBUG_PRIVILEGE);

    if (!SeSinglePrivilegeCheck(debugPrivilege, Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    return PmTerminateById(ULongToHandle(Request->ProcessId));
}

//
// Idiom: open the target with the caller's access checked; the caller
// terminates only processes its own token may terminate.
//
static NTSTATUS
PmTerminateAsCaller(PPM_REQUEST Request)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId = { 0 };
    HANDLE processHandle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK,
                               NULL, NULL);
    clientId.UniqueProcess = ULongToHandle(Request->ProcessId);
    status = ZwOpenProcess(&processHandle, PROCESS_TERMINATE, &attributes, &clientId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwTerminateProcess(processHandle, STATUS_SUCCESS);
    ZwClose(processHandle);
    return status;
}

//
// Idiom: the caller's handle is referenced in UserMode for PROCESS_TERMINATE,
// so the caller proves it may terminate the process.
//
static NTSTATUS
PmTerminateHandle(PIRP Irp, PPM_REQUEST Request)
{
    PEPROCESS process;
    HANDLE processHandle;
    NTSTATUS status;

    status = ObReferenceObjectByHandle(Request->ProcessHandle, PROCESS_TERMINATE, *PsProcessType,
                                       UserMode, (PVOID *)&process, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    UNREFERENCED_PARAMETER(Irp);
    status = ObOpenObjectByPointer(process, OBJ_KERNEL_HANDLE, NULL, PROCESS_TERMINATE,
                                   *PsProcessType, KernelMode, &processHandle);
    ObDereferenceObject(process);
    if (NT_SUCCESS(status)) {
        status = ZwTerminateProcess(processHandle, STATUS_SUCCESS);
        ZwClose(processHandle);
    }
    return status;
}

//
// Idiom: the process id is the driver's own (the worker it started), not
// the caller's value.
//
static NTSTATUS
PmRestartWorker(PPM_EXTENSION Extension)
{
    if (Extension->WorkerProcessId == NULL) {
        return STATUS_NOT_FOUND;
    }
    return PmTerminateById(Extension->WorkerProcessId);
}

//
// Idiom: an allowlist: the caller may stop one of the helpers the driver
// spawned itself, and nothing else.
//
static NTSTATUS
PmStopHelper(PPM_EXTENSION Extension, PPM_REQUEST Request)
{
    ULONG i;

    for (i = 0; i < Extension->HelperCount && i < PM_MAX_HELPERS; i++) {
        if (Extension->HelperIds[i] == Request->ProcessId) {
            return PmTerminateById(ULongToHandle(Request->ProcessId));
        }
    }
    return STATUS_ACCESS_DENIED;
}

//
// Idiom: administrators only.
//
static NTSTATUS
PmSuspendAdmin(PPM_REQUEST Request)
{
    SECURITY_SUBJECT_CONTEXT subject;
    PACCESS_TOKEN token;
    BOOLEAN isAdmin;
    PEPROCESS process;
    NTSTATUS status;

    SeCaptureSubjectContext(&subject);
    token = SeQuerySubjectContextToken(&subject);
    isAdmin = SeTokenIsAdmin(token);
    SeReleaseSubjectContext(&subject);
    if (!isAdmin) {
        return STATUS_ACCESS_DENIED;
    }
    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PsSuspendProcess(process);
    ObDereferenceObject(process);
    return status;
}

NTSTATUS
PmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PPM_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PM_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
        goto done;
    }
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PM_TERMINATE_DEBUG:
        status = PmTerminateDebug(Irp, request);
        break;
    case IOCTL_PM_TERMINATE_AS_CALLER:
        status = PmTerminateAsCaller(request);
        break;
    case IOCTL_PM_TERMINATE_HANDLE:
        status = PmTerminateHandle(Irp, request);
        break;
    case IOCTL_PM_RESTART_WORKER:
        status = PmRestartWorker(DeviceObject->DeviceExtension);
        break;
    case IOCTL_PM_STOP_HELPER:
        status = PmStopHelper(DeviceObject->DeviceExtension, request);
        break;
    case IOCTL_PM_SUSPEND_ADMIN:
        status = PmSuspendAdmin(request);
        break;
    case IOCTL_PM_TERMINATE_INTERNAL:
        // Only other drivers may ask.
        if (Irp->RequestorMode != KernelMode) {
            status = STATUS_ACCESS_DENIED;
            break;
        }
        status = PmTerminateById(ULongToHandle(request->ProcessId));
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
done:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ProcMgr");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, sizeof(PM_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(PM_EXTENSION));
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmDeviceControl;
    return STATUS_SUCCESS;
}
