// drvcert-test: rules=user-memory-outside-try
//
// Exposure through Filter Manager communication ports: an antivirus
// minifilter opens a control port for its service with
// FltBuildDefaultSecurityDescriptor (SYSTEM and administrators), and a
// notification port for its tray application with a hand-built descriptor
// whose DACL is NULL (everyone). One OBJECT_ATTRIBUTES serves both ports in
// turn. The message callbacks read the caller's buffers outside
// __try/__except; who reaches each finding follows its port.

#include <fltKernel.h>

typedef struct _AV_MESSAGE {
    ULONG Command;
    ULONG Argument;
} AV_MESSAGE, *PAV_MESSAGE;

static PFLT_FILTER AvFilter;
static PFLT_PORT AvControlPort;
static PFLT_PORT AvTrayPort;
static PFLT_PORT AvControlClient;
static PFLT_PORT AvTrayClient;
static ULONG AvMode;
static ULONG AvTrayState;

static NTSTATUS FLTAPI
AvControlConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    AvControlClient = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AvControlDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(AvFilter, &AvControlClient);
}

static NTSTATUS FLTAPI
AvControlMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
                 PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(AV_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    // expected-property@+2{{exposure=administrators}}
    // expected-related@+1{{communication port '\AvControl' created here with FltBuildDefaultSecurityDescriptor's descriptor: administrators can open it}}
    AvMode = ((PAV_MESSAGE)InputBuffer)->Argument; // expected-error{{outside __try/__except}}
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
AvTrayConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
              ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    AvTrayClient = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AvTrayDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(AvFilter, &AvTrayClient);
}

static NTSTATUS FLTAPI
AvTrayMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength,
              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (InputBuffer == NULL || InputBufferLength < sizeof(AV_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }
    // expected-property@+2{{exposure=everyone}}
    // expected-related@+1{{communication port '\AvTray' created here with a NULL DACL: everyone can open it}}
    AvTrayState = ((PAV_MESSAGE)InputBuffer)->Command; // expected-error{{outside __try/__except}}
    return STATUS_SUCCESS;
}

NTSTATUS
AvCreatePorts(void)
{
    UNICODE_STRING controlName = RTL_CONSTANT_STRING(L"\\AvControl");
    UNICODE_STRING trayName = RTL_CONSTANT_STRING(L"\\AvTray");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR adminSd;
    SECURITY_DESCRIPTOR traySd;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&adminSd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &controlName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, adminSd);
    status = FltCreateCommunicationPort(AvFilter, &AvControlPort, &attributes, NULL,
                                        AvControlConnect, AvControlDisconnect,
                                        AvControlMessage, 1);
    FltFreeSecurityDescriptor(adminSd);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // The tray application runs as the logged-on user.
    RtlCreateSecurityDescriptor(&traySd, SECURITY_DESCRIPTOR_REVISION);
    RtlSetDaclSecurityDescriptor(&traySd, TRUE, NULL, FALSE);
    InitializeObjectAttributes(&attributes, &trayName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, &traySd);
    return FltCreateCommunicationPort(AvFilter, &AvTrayPort, &attributes, NULL,
                                      AvTrayConnect, AvTrayDisconnect, AvTrayMessage, 1);
}
