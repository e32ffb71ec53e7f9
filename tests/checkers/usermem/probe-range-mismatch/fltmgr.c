// drvcert-test: rules=probe-range-mismatch
//
// A backup minifilter's communication port. The Filter Manager probes the
// message buffers themselves, so the minifilter does not (and there is no
// probe here to mismatch); but a message that carries pointers into the
// service's memory needs the minifilter's own probes, and those must cover
// the accesses.

#include <fltKernel.h>

#define BKF_MAX_EXCLUSION 512

typedef enum _BKF_COMMAND {
    BkfCommandSetExclusions = 1,
    BkfCommandGetJournal,
    BkfCommandSetExclusionsChecked,
    BkfCommandGetJournalChecked,
} BKF_COMMAND;

typedef struct _BKF_JOURNAL {
    ULONG64 FilesChanged;
    ULONG64 BytesChanged;
} BKF_JOURNAL, *PBKF_JOURNAL;

typedef struct _BKF_MESSAGE {
    BKF_COMMAND Command;
    ULONG ExclusionLength;      // bytes at Exclusions
    PWCHAR Exclusions;          // in the service's memory
    PBKF_JOURNAL Journal;       // in the service's memory
} BKF_MESSAGE, *PBKF_MESSAGE;

static PFLT_FILTER BkfFilter;
static PFLT_PORT BkfServerPort;
static PFLT_PORT BkfClientPort;
static WCHAR BkfExclusions[BKF_MAX_EXCLUSION / sizeof(WCHAR)];
static ULONG BkfExclusionLength;
static BKF_JOURNAL BkfJournal;

DRIVER_INITIALIZE DriverEntry;

//
// Case: one character of the exclusion list is probed, all of it copied.
//
static NTSTATUS
BkfSetExclusions(const BKF_MESSAGE *Message)
{
    if (Message->ExclusionLength > sizeof(BkfExclusions)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(Message->Exclusions, sizeof(WCHAR), sizeof(WCHAR));
        RtlCopyMemory(BkfExclusions, Message->Exclusions, Message->ExclusionLength); // expected-error{{range probed by}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    BkfExclusionLength = Message->ExclusionLength;
    return STATUS_SUCCESS;
}

//
// Case: the journal the service asked for is probed for reading and then
// written.
//
static NTSTATUS
BkfGetJournal(const BKF_MESSAGE *Message)
{
    __try {
        ProbeForRead(Message->Journal, sizeof(BKF_JOURNAL), TYPE_ALIGNMENT(BKF_JOURNAL));
        *Message->Journal = BkfJournal; // expected-error{{checks the buffer for reading but it is written}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Correct: the probe covers the copy.
//
static NTSTATUS
BkfSetExclusionsChecked(const BKF_MESSAGE *Message)
{
    if (Message->ExclusionLength > sizeof(BkfExclusions)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(Message->Exclusions, Message->ExclusionLength, sizeof(WCHAR));
        RtlCopyMemory(BkfExclusions, Message->Exclusions, Message->ExclusionLength); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    BkfExclusionLength = Message->ExclusionLength;
    return STATUS_SUCCESS;
}

//
// Correct: ProbeForWrite before the write.
//
static NTSTATUS
BkfGetJournalChecked(const BKF_MESSAGE *Message)
{
    __try {
        ProbeForWrite(Message->Journal, sizeof(BKF_JOURNAL), TYPE_ALIGNMENT(BKF_JOURNAL));
        *Message->Journal = BkfJournal; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
BkfMessageNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    BKF_MESSAGE message;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(BKF_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    // Correct: probed by the Filter Manager; captured inside __try.
    __try {
        message = *(PBKF_MESSAGE)InputBuffer; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (message.Command) {
    case BkfCommandSetExclusions:
        return BkfSetExclusions(&message);
    case BkfCommandGetJournal:
        return BkfGetJournal(&message);
    case BkfCommandSetExclusionsChecked:
        return BkfSetExclusionsChecked(&message);
    case BkfCommandGetJournalChecked:
        return BkfGetJournalChecked(&message);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS FLTAPI
BkfConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    BkfClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
BkfDisconnectNotify(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(BkfFilter, &BkfClientPort);
}

static NTSTATUS FLTAPI
BkfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(BkfServerPort);
    FltUnregisterFilter(BkfFilter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION BkfCallbacks[] = {
    { IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL }
};

static const FLT_REGISTRATION BkfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    BkfCallbacks,
    BkfUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ContosoBackupPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &BkfRegistration, &BkfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(BkfFilter, &BkfServerPort, &attributes, NULL,
                                            BkfConnectNotify, BkfDisconnectNotify,
                                            BkfMessageNotify, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(BkfFilter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(BkfServerPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(BkfFilter);
    }
    return status;
}
