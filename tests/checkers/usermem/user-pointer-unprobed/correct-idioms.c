// drvcert-test: rules=user-pointer-unprobed
//
// The documented ways to touch caller memory, in a backup-agent driver that
// moves blocks between its cache and the calling service: probe first
// (ProbeForRead/ProbeForWrite, with any length: whether the length covers
// the access is probe-range-mismatch's business), probe only when the
// request came from user mode, lock the pages with an MDL probed for
// UserMode and use the system address, use the METHOD_BUFFERED system
// buffer (kernel memory), capture into a kernel local, and probe a pointer
// found inside a captured request before using it. No finding.

#include <ntddk.h>

#define BAK_TAG 'kaBX'
#define BAK_BLOCK_SIZE 4096
#define BAK_MAX_EXTENTS 32

#define IOCTL_BAK_SET_POLICY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_BAK_GET_STATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_BAK_READ_BLOCK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_BAK_SET_LABEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BAK_ADD_EXTENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA04, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_BAK_WRITE_BLOCK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA05, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_BAK_EXCHANGE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA06, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_BAK_GET_BLOCK_INFO \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA07, METHOD_NEITHER, FILE_READ_DATA)

typedef struct _BAK_POLICY {
    ULONG RetentionDays;
    ULONG Flags;
} BAK_POLICY, *PBAK_POLICY;

typedef struct _BAK_STATE {
    ULONG State;
    ULONG BlocksCached;
    ULONG64 BytesCopied;
} BAK_STATE, *PBAK_STATE;

typedef struct _BAK_LABEL {
    WCHAR Label[32];
} BAK_LABEL, *PBAK_LABEL;

typedef struct _BAK_EXTENT {
    ULONG64 Offset;
    ULONG Length;
    ULONG Reserved;
} BAK_EXTENT, *PBAK_EXTENT;

typedef struct _BAK_EXTENT_LIST {
    ULONG Count;
    ULONG Reserved;
    BAK_EXTENT Extents[1];
} BAK_EXTENT_LIST, *PBAK_EXTENT_LIST;

// IOCTL_BAK_WRITE_BLOCK: a METHOD_BUFFERED request that points at the
// caller's data.
typedef struct _BAK_WRITE_REQUEST {
    ULONG BlockIndex;
    ULONG Length;
    PVOID Data;
} BAK_WRITE_REQUEST, *PBAK_WRITE_REQUEST;

typedef struct _BAK_EXCHANGE {
    ULONG Sequence;
    ULONG Status;
} BAK_EXCHANGE, *PBAK_EXCHANGE;

typedef struct _BAK_EXTENSION {
    BAK_POLICY Policy;
    BAK_STATE State;
    UCHAR Block[BAK_BLOCK_SIZE];
    WCHAR Label[32];
    BAK_EXTENT Extents[BAK_MAX_EXTENTS];
    ULONG ExtentCount;
    ULONG Sequence;
} BAK_EXTENSION, *PBAK_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BakUnload;
DRIVER_DISPATCH BakCreateClose;
DRIVER_DISPATCH BakDeviceControl;

//
// Probe, then read, inside __try.
//
static NTSTATUS
BakSetPolicy(PBAK_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PBAK_POLICY userPolicy = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    BAK_POLICY policy;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(BAK_POLICY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userPolicy, sizeof(BAK_POLICY), TYPE_ALIGNMENT(BAK_POLICY));
        policy.RetentionDays = userPolicy->RetentionDays; // no-warning
        policy.Flags = userPolicy->Flags; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Policy = policy;
    return STATUS_SUCCESS;
}

//
// The documented pattern: probe only when the request came from user mode.
// On the KernelMode path the buffer is a kernel address and needs no probe.
//
static NTSTATUS
BakGetState(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PBAK_STATE userState = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(BAK_STATE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForWrite(userState, sizeof(BAK_STATE), TYPE_ALIGNMENT(BAK_STATE));
        }
        RtlCopyMemory(userState, &Ext->State, sizeof(BAK_STATE)); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(BAK_STATE);
    }
    return status;
}

//
// The alternative to a probe: an MDL over the caller's buffer, probed and
// locked for UserMode, used through its system address once that is known
// not to be NULL.
//
static NTSTATUS
BakReadBlock(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PMDL mdl;
    PVOID systemAddress;
    NTSTATUS status = STATUS_SUCCESS;

    if (length == 0 || length > BAK_BLOCK_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    mdl = IoAllocateMdl(Irp->UserBuffer, length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        IoFreeMdl(mdl);
        return status;
    }
    systemAddress = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (systemAddress == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(systemAddress, Ext->Block, length); // no-warning
        Irp->IoStatus.Information = length;
    }
    MmUnlockPages(mdl);
    IoFreeMdl(mdl);
    return status;
}

//
// METHOD_BUFFERED: the system buffer is kernel pool the I/O manager filled.
//
static NTSTATUS
BakSetLabel(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PBAK_LABEL label = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(BAK_LABEL)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    label->Label[RTL_NUMBER_OF(label->Label) - 1] = L'\0'; // no-warning
    RtlCopyMemory(Ext->Label, label->Label, sizeof(Ext->Label)); // no-warning
    return STATUS_SUCCESS;
}

//
// Probed with a computed length, then captured into pool; the captured
// copy is kernel memory.
//
static NTSTATUS
BakAddExtents(PBAK_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PBAK_EXTENT_LIST userList = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PBAK_EXTENT extents;
    ULONG count = 0;
    ULONG i;
    NTSTATUS status = STATUS_SUCCESS;

    if (inLength < sizeof(BAK_EXTENT_LIST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userList, inLength, TYPE_ALIGNMENT(BAK_EXTENT_LIST));
        count = userList->Count; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (count == 0 || count > BAK_MAX_EXTENTS - Ext->ExtentCount ||
        (inLength - FIELD_OFFSET(BAK_EXTENT_LIST, Extents)) / sizeof(BAK_EXTENT) < count) {
        return STATUS_INVALID_PARAMETER;
    }
    extents = ExAllocatePool2(POOL_FLAG_PAGED, count * sizeof(BAK_EXTENT), BAK_TAG);
    if (extents == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        RtlCopyMemory(extents, userList->Extents, count * sizeof(BAK_EXTENT)); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        for (i = 0; i < count; i++) {
            Ext->Extents[Ext->ExtentCount + i] = extents[i]; // no-warning
        }
        Ext->ExtentCount += count;
    }
    ExFreePoolWithTag(extents, BAK_TAG);
    return status;
}

//
// A pointer found in the METHOD_BUFFERED request is a user address: it is
// probed before the copy.
//
static NTSTATUS
BakWriteBlock(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PBAK_WRITE_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    BAK_WRITE_REQUEST captured;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(BAK_WRITE_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    captured = *request;
    if (captured.BlockIndex != 0 || captured.Length > BAK_BLOCK_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(captured.Data, captured.Length, 1);
        RtlCopyMemory(Ext->Block, captured.Data, captured.Length); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// In/out METHOD_NEITHER exchange: ProbeForWrite also proves the buffer
// readable, so one probe covers the read and the write.
//
static NTSTATUS
BakExchange(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PBAK_EXCHANGE userExchange = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(BAK_EXCHANGE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userExchange, sizeof(BAK_EXCHANGE), TYPE_ALIGNMENT(BAK_EXCHANGE));
        if (userExchange->Sequence == Ext->Sequence) { // no-warning
            Ext->Sequence++;
            userExchange->Status = STATUS_SUCCESS; // no-warning
        } else {
            userExchange->Status = STATUS_RETRY; // no-warning
        }
        userExchange->Sequence = Ext->Sequence; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(BAK_EXCHANGE);
    }
    return status;
}

//
// Kernel-mode callers (another driver building the IRP) are trusted; user
// mode callers are probed. Both paths are correct.
//
static NTSTATUS
BakGetBlockInfo(PBAK_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG userCount = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Irp->RequestorMode == KernelMode) {
        *userCount = Ext->State.BlocksCached; // no-warning
    } else {
        __try {
            ProbeForWrite(userCount, sizeof(ULONG), sizeof(ULONG));
            *userCount = Ext->State.BlocksCached; // no-warning
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(ULONG);
    }
    return status;
}

NTSTATUS
BakDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBAK_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BAK_SET_POLICY:
        status = BakSetPolicy(ext, irpSp);
        break;
    case IOCTL_BAK_GET_STATE:
        status = BakGetState(ext, Irp, irpSp);
        break;
    case IOCTL_BAK_READ_BLOCK:
        status = BakReadBlock(ext, Irp, irpSp);
        break;
    case IOCTL_BAK_SET_LABEL:
        status = BakSetLabel(ext, Irp, irpSp);
        break;
    case IOCTL_BAK_ADD_EXTENTS:
        status = BakAddExtents(ext, irpSp);
        break;
    case IOCTL_BAK_WRITE_BLOCK:
        status = BakWriteBlock(ext, Irp, irpSp);
        break;
    case IOCTL_BAK_EXCHANGE:
        status = BakExchange(ext, Irp, irpSp);
        break;
    case IOCTL_BAK_GET_BLOCK_INFO:
        status = BakGetBlockInfo(ext, Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
BakCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
BakUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\BackupAgent");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\BackupAgent");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\BackupAgent");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(BAK_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(BAK_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BakCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BakCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BakDeviceControl;
    DriverObject->DriverUnload = BakUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
