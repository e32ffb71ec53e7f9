// drvcert-test: rules=unbounded-copy
//
// Copies whose length comes from the caller and is never compared with the
// destination's size, in a VPN client driver whose configuration service
// talks to it with METHOD_BUFFERED IOCTLs. The system buffer is kernel
// memory and holds InputBufferLength bytes, and several handlers check the
// copy against that, the source; none checks it against the destination:
// a stack array, a field of the device extension, a global, or pool
// allocated with a fixed size. A caller that sends more bytes than the
// destination holds overwrites whatever follows it.

#include <ntddk.h>

#define VPN_TAG 'npVX'
#define VPN_KEY_BYTES 32
#define VPN_MAX_NAME 64
#define VPN_MAX_DNS 4

#define IOCTL_VPN_SET_KEY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_SERVER \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_CERTIFICATE \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_POLICY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_PROPOSAL \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x904, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_BANNER \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x905, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_ADD_ROUTE \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x906, METHOD_BUFFERED, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_VPN_SET_DNS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x907, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_VPN_SET_COOKIE \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x908, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _VPN_SERVER_REQUEST {
    USHORT Port;
    USHORT NameLength;      // bytes of Name
    WCHAR Name[1];
} VPN_SERVER_REQUEST, *PVPN_SERVER_REQUEST;

typedef struct _VPN_POLICY_BLOB {
    ULONG Version;
    ULONG Flags;
    UCHAR Rules[240];
} VPN_POLICY_BLOB, *PVPN_POLICY_BLOB;

typedef struct _VPN_PROPOSAL_HEADER {
    ULONG Version;
    ULONG Count;
} VPN_PROPOSAL_HEADER, *PVPN_PROPOSAL_HEADER;

typedef struct _VPN_PROPOSAL {
    ULONG Cipher;
    ULONG Integrity;
    ULONG DhGroup;
    ULONG Lifetime;
} VPN_PROPOSAL, *PVPN_PROPOSAL;

typedef struct _VPN_ROUTE {
    ULONG Destination;
    ULONG Mask;
    ULONG Gateway;
    ULONG Metric;
} VPN_ROUTE, *PVPN_ROUTE;

typedef struct _VPN_DNS_REQUEST {
    ULONG Count;
    ULONG Servers[1];
} VPN_DNS_REQUEST, *PVPN_DNS_REQUEST;

typedef struct _VPN_EXTENSION {
    UCHAR Key[VPN_KEY_BYTES];
    USHORT ServerPort;
    WCHAR ServerName[VPN_MAX_NAME];
    PVPN_POLICY_BLOB Policy;
    VPN_PROPOSAL Proposal;
    CHAR Banner[256];
    VPN_ROUTE Route;
    ULONG Dns[VPN_MAX_DNS];
    ULONG DnsCount;
    UCHAR Cookie[16];
} VPN_EXTENSION, *PVPN_EXTENSION;

static UCHAR VpnCertificate[2048];
static ULONG VpnCertificateLength;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VpnUnload;
DRIVER_DISPATCH VpnCreateClose;
DRIVER_DISPATCH VpnDeviceControl;

//
// Case: a stack array; only a minimum length is checked.
//
static NTSTATUS
VpnSetKey(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    UCHAR key[VPN_KEY_BYTES];

    if (inLength < 16) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(key, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    RtlCopyMemory(Ext->Key, key, sizeof(Ext->Key));
    RtlSecureZeroMemory(key, sizeof(key));
    return STATUS_SUCCESS;
}

//
// Case: the name length is checked against the input buffer (the source),
// not against the extension's field (the destination).
//
static NTSTATUS
VpnSetServer(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVPN_SERVER_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < FIELD_OFFSET(VPN_SERVER_REQUEST, Name) ||
        request->NameLength > inLength - FIELD_OFFSET(VPN_SERVER_REQUEST, Name)) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->ServerPort = request->Port;
    RtlCopyMemory(Ext->ServerName, request->Name, request->NameLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Case: a global array.
//
static NTSTATUS
VpnSetCertificate(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    memcpy(VpnCertificate, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    VpnCertificateLength = inLength;
    return STATUS_SUCCESS;
}

//
// Case: pool of a fixed size.
//
static NTSTATUS
VpnSetPolicy(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PVPN_POLICY_BLOB policy;

    if (inLength < FIELD_OFFSET(VPN_POLICY_BLOB, Rules)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    policy = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VPN_POLICY_BLOB), VPN_TAG);
    if (policy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(policy, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    if (Ext->Policy != NULL) {
        ExFreePoolWithTag(Ext->Policy, VPN_TAG);
    }
    Ext->Policy = policy;
    return STATUS_SUCCESS;
}

//
// Case: the length is what follows the header, InputBufferLength minus the
// header's size.
//
static NTSTATUS
VpnSetProposal(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUCHAR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    VPN_PROPOSAL proposal;

    if (inLength < sizeof(VPN_PROPOSAL_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(&proposal, input + sizeof(VPN_PROPOSAL_HEADER), inLength - sizeof(VPN_PROPOSAL_HEADER)); // expected-error{{with no check on this path that it fits}}
    Ext->Proposal = proposal;
    return STATUS_SUCCESS;
}

//
// Case: a bound is checked, but not the destination's: the banner field
// holds 256 bytes and a page is accepted.
//
static NTSTATUS
VpnSetBanner(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0 || inLength > PAGE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlMoveMemory(Ext->Banner, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Case: the input is checked, then copied with the output length.
//
static NTSTATUS
VpnAddRoute(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VPN_ROUTE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(&Ext->Route, Irp->AssociatedIrp.SystemBuffer, outLength); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Case: the element count is checked against the input buffer, not
// against the four slots of the destination.
//
static NTSTATUS
VpnSetDns(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVPN_DNS_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG count;

    if (inLength < FIELD_OFFSET(VPN_DNS_REQUEST, Servers)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    count = request->Count;
    if (count > (inLength - FIELD_OFFSET(VPN_DNS_REQUEST, Servers)) / sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Dns, request->Servers, count * sizeof(ULONG)); // expected-error{{with no check on this path that it fits}}
    Ext->DnsCount = count;
    return STATUS_SUCCESS;
}

//
// Case: a 16-byte cookie; the copy is in a branch that only rejects an
// empty buffer.
//
static NTSTATUS
VpnSetCookie(PVPN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength != 0) {
        RtlCopyBytes(Ext->Cookie, Irp->AssociatedIrp.SystemBuffer, inLength); // expected-error{{with no check on this path that it fits}}
        return STATUS_SUCCESS;
    }
    RtlZeroMemory(Ext->Cookie, sizeof(Ext->Cookie));
    return STATUS_SUCCESS;
}

NTSTATUS
VpnDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVPN_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VPN_SET_KEY:
        status = VpnSetKey(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_SERVER:
        status = VpnSetServer(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_CERTIFICATE:
        status = VpnSetCertificate(Irp, irpSp);
        break;
    case IOCTL_VPN_SET_POLICY:
        status = VpnSetPolicy(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_PROPOSAL:
        status = VpnSetProposal(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_BANNER:
        status = VpnSetBanner(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_ADD_ROUTE:
        status = VpnAddRoute(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_DNS:
        status = VpnSetDns(ext, Irp, irpSp);
        break;
    case IOCTL_VPN_SET_COOKIE:
        status = VpnSetCookie(ext, Irp, irpSp);
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
VpnCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
VpnUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoVpn");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PVPN_EXTENSION ext;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->Policy != NULL) {
            ExFreePoolWithTag(ext->Policy, VPN_TAG);
        }
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoVpn");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoVpn");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(VPN_EXTENSION), &name, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(VPN_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VpnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VpnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VpnDeviceControl;
    DriverObject->DriverUnload = VpnUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
