// drvcert-test: rules=ioctl-process-kill
//
// A KMDF "game guard" driver whose anti-cheat service asks it to kill
// cheating tools by process id. The id comes from the request's input
// buffer; only one of the two paths checks that the caller is an
// administrator.

#include <ntifs.h>
#include <wdf.h>

#define IOCTL_GUARD_KILL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GUARD_KILL_ADMIN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _GUARD_KILL_REQUEST {
    ULONG64 ProcessId;
} GUARD_KILL_REQUEST, *PGUARD_KILL_REQUEST;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL GuardEvtIoDeviceControl;

static NTSTATUS
GuardKill(HANDLE ProcessId)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID clientId = { 0 };
    HANDLE processHandle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    clientId.UniqueProcess = ProcessId;
    status = ZwOpenProcess(&processHandle, PROCESS_TERMINATE, &attributes, &clientId);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwTerminateProcess(processHandle, STATUS_ACCESS_DENIED); // expected-error{{'ZwTerminateProcess' terminates a process whose id is a value read from the request's input buffer (from 'ZwOpenProcess')}}
    ZwClose(processHandle);
    return status;
}

VOID
GuardEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PGUARD_KILL_REQUEST input;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(GUARD_KILL_REQUEST), (PVOID *)&input, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    switch (IoControlCode) {
    case IOCTL_GUARD_KILL:
        status = GuardKill((HANDLE)(ULONG_PTR)input->ProcessId);
        break;
    case IOCTL_GUARD_KILL_ADMIN: {
        SECURITY_SUBJECT_CONTEXT subject;
        BOOLEAN isAdmin;

        SeCaptureSubjectContext(&subject);
        isAdmin = SeTokenIsAdmin(SeQuerySubjectContextToken(&subject));
        SeReleaseSubjectContext(&subject);
        status = isAdmin ? GuardKill((HANDLE)(ULONG_PTR)input->ProcessId) : STATUS_ACCESS_DENIED;
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
