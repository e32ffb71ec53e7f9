// drvcert-test: rules=user-memory-outside-try
//
// A data-loss-prevention minifilter with two communication ports. The
// Filter Manager passes each message notify callback the caller's raw
// buffers: it has probed them, but another thread of the caller can unmap
// them at any moment, so every access must be inside __try/__except (the
// PFLT_MESSAGE_NOTIFY documentation says so). No probe is needed, or
// expected, here.

#include <fltKernel.h>

#define DLP_MAX_RULE 128

typedef enum _DLP_CONTROL_COMMAND {
    DlpControlEnable = 1,
    DlpControlDisable,
} DLP_CONTROL_COMMAND;

typedef struct _DLP_CONTROL_MESSAGE {
    DLP_CONTROL_COMMAND Command;
} DLP_CONTROL_MESSAGE, *PDLP_CONTROL_MESSAGE;

typedef enum _DLP_DATA_COMMAND {
    DlpDataGetStatistics = 1,
    DlpDataAddRule,
    DlpDataGetStatisticsChecked,
    DlpDataAddRuleChecked,
} DLP_DATA_COMMAND;

typedef struct _DLP_DATA_MESSAGE {
    DLP_DATA_COMMAND Command;
    ULONG RuleLength;           // bytes of Rule
    UCHAR Rule[DLP_MAX_RULE];
} DLP_DATA_MESSAGE, *PDLP_DATA_MESSAGE;

typedef struct _DLP_STATISTICS {
    ULONG64 FilesInspected;
    ULONG64 FilesBlocked;
} DLP_STATISTICS, *PDLP_STATISTICS;

static PFLT_FILTER DlpFilter;
static PFLT_PORT DlpControlPort;
static PFLT_PORT DlpDataPort;
static PFLT_PORT DlpControlClient;
static PFLT_PORT DlpDataClient;
static BOOLEAN DlpEnabled;
static DLP_STATISTICS DlpStatistics;
static UCHAR DlpRule[DLP_MAX_RULE];
static ULONG DlpRuleLength;

DRIVER_INITIALIZE DriverEntry;

//
// Case: the control port reads the command straight from the caller's
// buffer.
//
static NTSTATUS FLTAPI
DlpControlNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    DLP_CONTROL_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(DLP_CONTROL_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    command = ((PDLP_CONTROL_MESSAGE)InputBuffer)->Command; // expected-error{{outside __try/__except}}
    switch (command) {
    case DlpControlEnable:
        DlpEnabled = TRUE;
        return STATUS_SUCCESS;
    case DlpControlDisable:
        DlpEnabled = FALSE;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

//
// Case: the statistics are written into the caller's output buffer with no
// handler.
//
static NTSTATUS
DlpGetStatistics(PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    if (OutputBuffer == NULL || OutputBufferLength < sizeof(DLP_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PDLP_STATISTICS)OutputBuffer = DlpStatistics; // expected-error{{outside __try/__except}}
    *ReturnOutputBufferLength = sizeof(DLP_STATISTICS);
    return STATUS_SUCCESS;
}

//
// Case: the rule is copied out of the caller's input buffer with no
// handler.
//
static NTSTATUS
DlpAddRule(PVOID InputBuffer, ULONG RuleLength)
{
    if (RuleLength > sizeof(DlpRule)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(DlpRule, ((PDLP_DATA_MESSAGE)InputBuffer)->Rule, RuleLength); // expected-error{{outside __try/__except}}
    DlpRuleLength = RuleLength;
    return STATUS_SUCCESS;
}

//
// Correct: the same two operations inside __try/__except.
//
static NTSTATUS
DlpGetStatisticsChecked(PVOID OutputBuffer, ULONG OutputBufferLength,
                        PULONG ReturnOutputBufferLength)
{
    if (OutputBuffer == NULL || OutputBufferLength < sizeof(DLP_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        *(PDLP_STATISTICS)OutputBuffer = DlpStatistics; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    *ReturnOutputBufferLength = sizeof(DLP_STATISTICS);
    return STATUS_SUCCESS;
}

static NTSTATUS
DlpAddRuleChecked(PVOID InputBuffer, ULONG RuleLength)
{
    UCHAR rule[DLP_MAX_RULE];

    if (RuleLength > sizeof(rule)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        RtlCopyMemory(rule, ((PDLP_DATA_MESSAGE)InputBuffer)->Rule, RuleLength); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    RtlCopyMemory(DlpRule, rule, RuleLength); // no-warning
    DlpRuleLength = RuleLength;
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
DlpDataNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    DLP_DATA_COMMAND command;
    ULONG ruleLength;

    UNREFERENCED_PARAMETER(PortCookie);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(DLP_DATA_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    // Correct: the header is captured inside __try.
    __try {
        command = ((PDLP_DATA_MESSAGE)InputBuffer)->Command; // no-warning
        ruleLength = ((PDLP_DATA_MESSAGE)InputBuffer)->RuleLength; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case DlpDataGetStatistics:
        return DlpGetStatistics(OutputBuffer, OutputBufferLength, ReturnOutputBufferLength);
    case DlpDataAddRule:
        return DlpAddRule(InputBuffer, ruleLength);
    case DlpDataGetStatisticsChecked:
        return DlpGetStatisticsChecked(OutputBuffer, OutputBufferLength, ReturnOutputBufferLength);
    case DlpDataAddRuleChecked:
        return DlpAddRuleChecked(InputBuffer, ruleLength);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS FLTAPI
DlpConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    // The server port cookie tells the two ports apart.
    if (ServerPortCookie == &DlpControlPort) {
        DlpControlClient = ClientPort;
    } else {
        DlpDataClient = ClientPort;
    }
    *ConnectionPortCookie = ServerPortCookie;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
DlpDisconnectNotify(PVOID ConnectionCookie)
{
    if (ConnectionCookie == &DlpControlPort) {
        FltCloseClientPort(DlpFilter, &DlpControlClient);
    } else {
        FltCloseClientPort(DlpFilter, &DlpDataClient);
    }
}

static NTSTATUS FLTAPI
DlpUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(DlpControlPort);
    FltCloseCommunicationPort(DlpDataPort);
    FltUnregisterFilter(DlpFilter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION DlpCallbacks[] = {
    { IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL }
};

static const FLT_REGISTRATION DlpRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    DlpCallbacks,
    DlpUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING controlName = RTL_CONSTANT_STRING(L"\\ContosoDlpControl");
    UNICODE_STRING dataName = RTL_CONSTANT_STRING(L"\\ContosoDlpData");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &DlpRegistration, &DlpFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(DlpFilter);
        return status;
    }

    InitializeObjectAttributes(&attributes, &controlName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);
    status = FltCreateCommunicationPort(DlpFilter, &DlpControlPort, &attributes, &DlpControlPort,
                                        DlpConnectNotify, DlpDisconnectNotify, DlpControlNotify, 1);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&attributes, &dataName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(DlpFilter, &DlpDataPort, &attributes, &DlpDataPort,
                                            DlpConnectNotify, DlpDisconnectNotify, DlpDataNotify, 1);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(DlpControlPort);
        }
    }
    FltFreeSecurityDescriptor(sd);

    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(DlpFilter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(DlpDataPort);
            FltCloseCommunicationPort(DlpControlPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(DlpFilter);
    }
    return status;
}
