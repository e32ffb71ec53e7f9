// drvcert-test: rules=ioctl-buffer-size-unchecked
//
// An activity-monitor minifilter (in the style of the WDK's minispy
// sample) whose service sends commands through a communication port, plus
// a second port kept for the previous version of the service. A message
// notify callback gets InputBufferLength and OutputBufferLength with the
// buffers; every access must stay within them. All accesses are inside
// __try/__except, as the Filter Manager requires.

#include <fltKernel.h>

typedef enum _AMF_COMMAND {
    AmfGetRecords = 1,
    AmfSetFilter,
    AmfGetVersion,
    AmfGetVersionChecked,
    AmfSetFilterChecked,
} AMF_COMMAND;

typedef struct _AMF_FILTER {
    ULONG ProcessId;
    ULONG Operations;
} AMF_FILTER, *PAMF_FILTER;

typedef struct _AMF_COMMAND_MESSAGE {
    AMF_COMMAND Command;
    ULONG Reserved;
    UCHAR Data[1];
} AMF_COMMAND_MESSAGE, *PAMF_COMMAND_MESSAGE;

typedef struct _AMF_VERSION {
    USHORT Major;
    USHORT Minor;
    ULONG Build;
} AMF_VERSION, *PAMF_VERSION;

static PFLT_FILTER AmfFilter;
static PFLT_PORT AmfServerPort;
static PFLT_PORT AmfLegacyPort;
static PFLT_PORT AmfClientPort;
static AMF_FILTER AmfCurrentFilter;
static ULONG AmfVerbosity;
static const AMF_VERSION AmfDriverVersion = { 2, 1, 9200 };

DRIVER_INITIALIZE DriverEntry;

//
// The port the v1 service still uses: it sends a bare verbosity level.
//
static NTSTATUS FLTAPI
AmfLegacyNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    ULONG verbosity;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    // Case: read with no look at InputBufferLength.
    __try {
        verbosity = *(PULONG)InputBuffer; // expected-error{{may go past the buffer length}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    AmfVerbosity = min(verbosity, 5);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
AmfMessageNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    PAMF_COMMAND_MESSAGE message = InputBuffer;
    AMF_COMMAND command;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);

    *ReturnOutputBufferLength = 0;

    // Correct: the minispy check, then the command field is read.
    if (InputBuffer == NULL ||
        InputBufferLength < FIELD_OFFSET(AMF_COMMAND_MESSAGE, Command) + sizeof(AMF_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        command = message->Command; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    __try {
        switch (command) {
        case AmfSetFilter:
            // Case: the filter after the header is read with only the
            // command checked.
            AmfCurrentFilter = *(PAMF_FILTER)message->Data; // expected-error{{may go past the buffer length}}
            break;
        case AmfGetVersion:
            // Case: the reply is written with no look at
            // OutputBufferLength.
            *(PAMF_VERSION)OutputBuffer = AmfDriverVersion; // expected-error{{may go past the buffer length}}
            *ReturnOutputBufferLength = sizeof(AMF_VERSION);
            break;
        case AmfGetVersionChecked:
            // Correct: OutputBufferLength checked before the write.
            if (OutputBuffer == NULL || OutputBufferLength < sizeof(AMF_VERSION)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            *(PAMF_VERSION)OutputBuffer = AmfDriverVersion; // no-warning
            *ReturnOutputBufferLength = sizeof(AMF_VERSION);
            break;
        case AmfSetFilterChecked:
            // Correct: InputBufferLength checked for the whole message.
            if (InputBufferLength < FIELD_OFFSET(AMF_COMMAND_MESSAGE, Data) + sizeof(AMF_FILTER)) {
                status = STATUS_INVALID_PARAMETER;
                break;
            }
            AmfCurrentFilter = *(PAMF_FILTER)message->Data; // no-warning
            break;
        default:
            status = STATUS_INVALID_PARAMETER;
            break;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static NTSTATUS FLTAPI
AmfConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    AmfClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AmfDisconnectNotify(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(AmfFilter, &AmfClientPort);
}

static NTSTATUS FLTAPI
AmfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(AmfLegacyPort);
    FltCloseCommunicationPort(AmfServerPort);
    FltUnregisterFilter(AmfFilter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION AmfCallbacks[] = {
    { IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL }
};

static const FLT_REGISTRATION AmfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    AmfCallbacks,
    AmfUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ContosoActivityPort");
    UNICODE_STRING legacyName = RTL_CONSTANT_STRING(L"\\ContosoActivityPortV1");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &AmfRegistration, &AmfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(AmfFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);
    status = FltCreateCommunicationPort(AmfFilter, &AmfServerPort, &attributes, NULL,
                                        AmfConnectNotify, AmfDisconnectNotify,
                                        AmfMessageNotify, 1);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&attributes, &legacyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(AmfFilter, &AmfLegacyPort, &attributes, NULL,
                                            AmfConnectNotify, AmfDisconnectNotify,
                                            AmfLegacyNotify, 1);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(AmfServerPort);
        }
    }
    FltFreeSecurityDescriptor(sd);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(AmfFilter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(AmfLegacyPort);
            FltCloseCommunicationPort(AmfServerPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(AmfFilter);
    }
    return status;
}
