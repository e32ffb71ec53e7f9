// drvcert-test: rules=device-sddl-permissive
//
// A minifilter's communication port secured with a hand-built descriptor
// whose DACL is NULL: every process can connect and send messages.

#include <fltKernel.h>

static PFLT_FILTER AudFilter;
static PFLT_PORT AudServerPort;
static PFLT_PORT AudClientPort;

static NTSTATUS
AudConnectNotify(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext,
                 ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    AudClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID
AudDisconnectNotify(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(AudFilter, &AudClientPort);
}

static NTSTATUS
AudCreatePort(void)
{
    SECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\AuditPort");
    NTSTATUS status;

    status = RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = RtlSetDaclSecurityDescriptor(&sd, TRUE, NULL, FALSE); // expected-warning{{'RtlSetDaclSecurityDescriptor' sets a NULL DACL, which grants everyone full access to the object it secures}}
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, &sd);
    return FltCreateCommunicationPort(AudFilter, &AudServerPort, &attributes, NULL,
                                      AudConnectNotify, AudDisconnectNotify, NULL, 1);
}

NTSTATUS
AudStart(void)
{
    return AudCreatePort();
}
