// drvcert-test: rules=user-pointer-unprobed
//
// An anti-malware minifilter's communication port. The Filter Manager
// hands the message notify callback the caller's raw buffers, but it has
// already probed them (ProbeForRead on InputBuffer, ProbeForWrite on
// OutputBuffer), so the minifilter needs __try/__except around every
// access and no probe of its own. A pointer stored inside a message is a
// different matter: the Filter Manager knows nothing about it, and it must
// be probed like any other user address.

#include <fltKernel.h>

#define SCN_TAG 'ncSX'
#define SCN_MAX_PATTERN 256

typedef enum _SCN_COMMAND {
    ScnCommandGetVersion = 1,
    ScnCommandSetMode,
    ScnCommandLoadPattern,
    ScnCommandLoadPatternChecked,
    ScnCommandGetVerdict,
    ScnCommandGetCounters,
} SCN_COMMAND;

typedef struct _SCN_MESSAGE {
    SCN_COMMAND Command;
    ULONG Mode;
    // ScnCommandLoadPattern*: the pattern stays in the service's memory.
    PUCHAR Pattern;
    ULONG PatternLength;
    // ScnCommandGetVerdict: where the service wants the verdict.
    PULONG VerdictAddress;
} SCN_MESSAGE, *PSCN_MESSAGE;

typedef struct _SCN_VERSION {
    ULONG Major;
    ULONG Minor;
} SCN_VERSION, *PSCN_VERSION;

typedef struct _SCN_COUNTERS {
    ULONG64 FilesScanned;
    ULONG64 Detections;
} SCN_COUNTERS, *PSCN_COUNTERS;

static PFLT_FILTER ScnFilter;
static PFLT_PORT ScnServerPort;
static PFLT_PORT ScnClientPort;
static ULONG ScnMode;
static ULONG ScnLastVerdict;
static SCN_COUNTERS ScnCounters;
static UCHAR ScnPattern[SCN_MAX_PATTERN];
static ULONG ScnPatternLength;

DRIVER_INITIALIZE DriverEntry;

//
// Case: a pointer carried in the message is used without a probe.
//
static NTSTATUS
ScnLoadPattern(const SCN_MESSAGE *Message)
{
    if (Message->PatternLength > sizeof(ScnPattern)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        RtlCopyMemory(ScnPattern, Message->Pattern, Message->PatternLength); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    ScnPatternLength = Message->PatternLength;
    return STATUS_SUCCESS;
}

//
// Correct: the same, with the carried pointer probed first.
//
static NTSTATUS
ScnLoadPatternChecked(const SCN_MESSAGE *Message)
{
    if (Message->PatternLength > sizeof(ScnPattern)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(Message->Pattern, Message->PatternLength, 1);
        RtlCopyMemory(ScnPattern, Message->Pattern, Message->PatternLength); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    ScnPatternLength = Message->PatternLength;
    return STATUS_SUCCESS;
}

//
// Case: the verdict is written where the message says, unprobed.
//
static NTSTATUS
ScnGetVerdict(const SCN_MESSAGE *Message)
{
    __try {
        *Message->VerdictAddress = ScnLastVerdict; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
ScnMessageNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    SCN_MESSAGE message;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(SCN_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    // Correct: the Filter Manager probed InputBuffer; it is captured
    // inside __try.
    __try {
        message = *(PSCN_MESSAGE)InputBuffer; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (message.Command) {
    case ScnCommandGetVersion:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(SCN_VERSION)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        // Correct: the Filter Manager probed OutputBuffer for writing.
        __try {
            ((PSCN_VERSION)OutputBuffer)->Major = 2; // no-warning
            ((PSCN_VERSION)OutputBuffer)->Minor = 7; // no-warning
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(SCN_VERSION);
        break;
    case ScnCommandSetMode:
        ScnMode = message.Mode;
        break;
    case ScnCommandLoadPattern:
        status = ScnLoadPattern(&message);
        break;
    case ScnCommandLoadPatternChecked:
        status = ScnLoadPatternChecked(&message);
        break;
    case ScnCommandGetVerdict:
        status = ScnGetVerdict(&message);
        break;
    case ScnCommandGetCounters:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(SCN_COUNTERS)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            RtlCopyMemory(OutputBuffer, &ScnCounters, sizeof(SCN_COUNTERS)); // no-warning
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(SCN_COUNTERS);
        break;
    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }
    return status;
}

static NTSTATUS FLTAPI
ScnConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    ScnClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScnDisconnectNotify(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(ScnFilter, &ScnClientPort);
}

static NTSTATUS FLTAPI
ScnUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(ScnServerPort);
    FltUnregisterFilter(ScnFilter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION ScnCallbacks[] = {
    { IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL }
};

static const FLT_REGISTRATION ScnRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    ScnCallbacks,
    ScnUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ContosoScanPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &ScnRegistration, &ScnFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(ScnFilter, &ScnServerPort, &attributes, NULL,
                                            ScnConnectNotify, ScnDisconnectNotify,
                                            ScnMessageNotify, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(ScnFilter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(ScnServerPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(ScnFilter);
    }
    return status;
}
