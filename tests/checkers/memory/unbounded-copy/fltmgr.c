// drvcert-test: rules=unbounded-copy
//
// A ransomware-protection minifilter configured through a communication
// port. InputBufferLength and every length field inside the message come
// from the service (or from anything else that manages to connect); a copy
// of that many bytes into a fixed-size destination needs a check that they
// fit.

#include <fltKernel.h>

#define RPF_MAX_EXTENSIONS 256
#define RPF_MAX_PROCESS_NAME 64

typedef enum _RPF_COMMAND {
    RpfCommandSetExtensions = 1,
    RpfCommandSetTrustedProcess,
    RpfCommandSetExtensionsChecked,
    RpfCommandSetTrustedProcessChecked,
} RPF_COMMAND;

typedef struct _RPF_HEADER {
    RPF_COMMAND Command;
    ULONG Length;               // bytes of Data
} RPF_HEADER, *PRPF_HEADER;

typedef struct _RPF_MESSAGE {
    RPF_HEADER Header;
    UCHAR Data[1];
} RPF_MESSAGE, *PRPF_MESSAGE;

typedef struct _RPF_PROCESS_ENTRY {
    ULONG ProcessId;
    WCHAR ImageName[RPF_MAX_PROCESS_NAME];
} RPF_PROCESS_ENTRY, *PRPF_PROCESS_ENTRY;

static PFLT_FILTER RpfFilter;
static PFLT_PORT RpfServerPort;
static PFLT_PORT RpfClientPort;
static WCHAR RpfExtensions[RPF_MAX_EXTENSIONS];
static RPF_PROCESS_ENTRY RpfTrusted;

DRIVER_INITIALIZE DriverEntry;

//
// Case: a length field of the message.
//
static NTSTATUS
RpfSetExtensions(PRPF_MESSAGE Message, ULONG InputBufferLength)
{
    ULONG length;

    __try {
        length = Message->Header.Length;
        if (length > InputBufferLength - sizeof(RPF_HEADER)) {
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(RpfExtensions, Message->Data, length); // expected-error{{with no check on this path that it fits}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Case: the message's InputBufferLength, less the header.
//
static NTSTATUS
RpfSetTrustedProcess(PRPF_MESSAGE Message, ULONG InputBufferLength)
{
    RPF_PROCESS_ENTRY entry;

    __try {
        RtlCopyMemory(&entry, Message->Data, InputBufferLength - sizeof(RPF_HEADER)); // expected-error{{with no check on this path that it fits}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    entry.ImageName[RPF_MAX_PROCESS_NAME - 1] = L'\0';
    RpfTrusted = entry;
    return STATUS_SUCCESS;
}

//
// Correct: the length field is captured and checked against the
// destination as well as the message.
//
static NTSTATUS
RpfSetExtensionsChecked(PRPF_MESSAGE Message, ULONG InputBufferLength)
{
    ULONG length;

    __try {
        length = Message->Header.Length;
        if (length > InputBufferLength - sizeof(RPF_HEADER) || length > sizeof(RpfExtensions)) {
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(RpfExtensions, Message->Data, length); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Correct: an exact-size message, copied with sizeof the destination.
//
static NTSTATUS
RpfSetTrustedProcessChecked(PRPF_MESSAGE Message, ULONG InputBufferLength)
{
    RPF_PROCESS_ENTRY entry;

    if (InputBufferLength != sizeof(RPF_HEADER) + sizeof(RPF_PROCESS_ENTRY)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    __try {
        RtlCopyMemory(&entry, Message->Data, sizeof(entry)); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    entry.ImageName[RPF_MAX_PROCESS_NAME - 1] = L'\0';
    RpfTrusted = entry;
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
RpfMessageNotify(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    RPF_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(RPF_HEADER)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        command = ((PRPF_HEADER)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case RpfCommandSetExtensions:
        return RpfSetExtensions(InputBuffer, InputBufferLength);
    case RpfCommandSetTrustedProcess:
        return RpfSetTrustedProcess(InputBuffer, InputBufferLength);
    case RpfCommandSetExtensionsChecked:
        return RpfSetExtensionsChecked(InputBuffer, InputBufferLength);
    case RpfCommandSetTrustedProcessChecked:
        return RpfSetTrustedProcessChecked(InputBuffer, InputBufferLength);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS FLTAPI
RpfConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    RpfClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
RpfDisconnectNotify(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(RpfFilter, &RpfClientPort);
}

static NTSTATUS FLTAPI
RpfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(RpfServerPort);
    FltUnregisterFilter(RpfFilter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION RpfCallbacks[] = {
    { IRP_MJ_OPERATION_END, 0, NULL, NULL, NULL }
};

static const FLT_REGISTRATION RpfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    RpfCallbacks,
    RpfUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ContosoShieldPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &RpfRegistration, &RpfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);
        status = FltCreateCommunicationPort(RpfFilter, &RpfServerPort, &attributes, NULL,
                                            RpfConnectNotify, RpfDisconnectNotify,
                                            RpfMessageNotify, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(RpfFilter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(RpfServerPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(RpfFilter);
    }
    return status;
}
