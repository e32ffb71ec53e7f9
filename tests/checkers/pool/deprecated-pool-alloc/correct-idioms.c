// drvcert-test: rules=deprecated-pool-alloc
//
// Correct allocation code that must stay silent: ExAllocatePool2 and
// ExAllocatePool3 with every flag combination drivers use, the frees of the
// old routines, the name of a deprecated routine in a string, an optional
// routine called through a pointer, and a legacy branch removed by the
// preprocessor. No expectations: the rule must report nothing here.

#include <ntddk.h>

#define NIC_TAG 'ciNX'
#define NIC_RING_ENTRIES 256
#define NIC_MAX_FRAME 1514

#define IOCTL_NIC_GET_STATS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x800, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_NIC_SET_MULTICAST \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_NIC_GET_RING_SNAPSHOT \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x802, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _NIC_STATS {
    ULONG64 FramesIn;
    ULONG64 FramesOut;
    ULONG Errors;
    UCHAR LinkState;    // followed by padding, zeroed by ExAllocatePool2
} NIC_STATS, *PNIC_STATS;

typedef struct _NIC_MULTICAST_LIST {
    ULONG Count;
    UCHAR Addresses[ANYSIZE_ARRAY][6];
} NIC_MULTICAST_LIST, *PNIC_MULTICAST_LIST;

typedef struct _NIC_RING_ENTRY {
    ULONG Length;
    ULONG Status;
    UCHAR Frame[NIC_MAX_FRAME];
} NIC_RING_ENTRY, *PNIC_RING_ENTRY;

typedef struct _NIC_EXTENSION {
    KSPIN_LOCK Lock;
    PNIC_RING_ENTRY Ring;
    PNIC_MULTICAST_LIST Multicast;
    PUCHAR ReceiveBounce;
    NIC_STATS Stats;
} NIC_EXTENSION, *PNIC_EXTENSION;

typedef PVOID (NTAPI *PFN_EX_ALLOCATE_POOL2)(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NicUnload;
DRIVER_DISPATCH NicCreateClose;
DRIVER_DISPATCH NicDeviceControl;

static PFN_EX_ALLOCATE_POOL2 NicExAllocatePool2;

//
// Silent: ExAllocatePool2 with POOL_FLAG_PAGED zeroes the block, padding
// included, before it reaches the caller.
//
static NTSTATUS
NicGetStats(PNIC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PNIC_STATS stats;
    KIRQL oldIrql;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NIC_STATS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    stats = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(NIC_STATS), NIC_TAG); // no-warning
    if (stats == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    stats->FramesIn = Ext->Stats.FramesIn;
    stats->FramesOut = Ext->Stats.FramesOut;
    stats->Errors = Ext->Stats.Errors;
    stats->LinkState = Ext->Stats.LinkState;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, stats, sizeof(NIC_STATS));
    Irp->IoStatus.Information = sizeof(NIC_STATS);
    ExFreePoolWithTag(stats, NIC_TAG); // no-warning
    return STATUS_SUCCESS;
}

//
// Silent: the replacement of ExAllocatePoolWithQuotaTag is
// POOL_FLAG_USE_QUOTA; with POOL_FLAG_RAISE_ON_FAILURE it raises like the
// old routine did, hence the __try.
//
static NTSTATUS
NicSetMulticast(PNIC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PNIC_MULTICAST_LIST input = Irp->AssociatedIrp.SystemBuffer;
    PNIC_MULTICAST_LIST list = NULL;
    PNIC_MULTICAST_LIST old;
    KIRQL oldIrql;

    if (inLength < FIELD_OFFSET(NIC_MULTICAST_LIST, Addresses) ||
        input->Count > 32 ||
        inLength < FIELD_OFFSET(NIC_MULTICAST_LIST, Addresses) + input->Count * 6) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        list = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_USE_QUOTA | POOL_FLAG_RAISE_ON_FAILURE, inLength, NIC_TAG); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    RtlCopyMemory(list, input, inLength);

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    old = Ext->Multicast;
    Ext->Multicast = list;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
    if (old != NULL) {
        ExFreePoolWithTag(old, NIC_TAG);
    }
    return STATUS_SUCCESS;
}

//
// Silent: the replacement of ExAllocatePoolWithTagPriority is ExAllocatePool3
// with a PoolExtendedParameterPriority parameter.
//
static NTSTATUS
NicGetRingSnapshot(PNIC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    POOL_EXTENDED_PARAMETER priority = {0};
    PNIC_RING_ENTRY snapshot;
    KIRQL oldIrql;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(NIC_RING_ENTRY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    priority.Type = PoolExtendedParameterPriority;
    priority.Optional = 0;
    priority.Priority = LowPoolPriority;

    snapshot = ExAllocatePool3(POOL_FLAG_NON_PAGED, sizeof(NIC_RING_ENTRY), NIC_TAG, &priority, 1); // no-warning
    if (snapshot == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    RtlCopyMemory(snapshot, &Ext->Ring[0], sizeof(NIC_RING_ENTRY));
    KeReleaseSpinLock(&Ext->Lock, oldIrql);

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, snapshot, sizeof(NIC_RING_ENTRY));
    Irp->IoStatus.Information = sizeof(NIC_RING_ENTRY);
    ExFreePool(snapshot); // no-warning
    return STATUS_SUCCESS;
}

//
// Silent: POOL_FLAG_UNINITIALIZED opts out of zeroing for a bounce buffer the
// driver always fills completely before reading it. (Whether such a block
// can reach user output is outside this rule for now.)
//
static PUCHAR
NicAllocateReceiveBounce(VOID)
{
    return ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED | POOL_FLAG_CACHE_ALIGNED, NIC_MAX_FRAME, NIC_TAG); // no-warning
}

//
// Silent: an optional routine resolved at run time and called through a
// pointer; the string naming a deprecated routine is not a call either.
//
static VOID
NicResolveOptionalRoutines(VOID)
{
    UNICODE_STRING pool2 = RTL_CONSTANT_STRING(L"ExAllocatePool2");
    UNICODE_STRING legacy = RTL_CONSTANT_STRING(L"ExAllocatePoolWithTag"); // no-warning

    NicExAllocatePool2 = (PFN_EX_ALLOCATE_POOL2)MmGetSystemRoutineAddress(&pool2);
    if (MmGetSystemRoutineAddress(&legacy) == NULL) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "nic: legacy pool routine missing\n");
    }
}

static PNIC_RING_ENTRY
NicAllocateRing(VOID)
{
    SIZE_T bytes = NIC_RING_ENTRIES * sizeof(NIC_RING_ENTRY);

    if (NicExAllocatePool2 != NULL) {
        return NicExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, NIC_TAG); // no-warning
    }
#ifdef NIC_DOWNLEVEL_WIN7
    // Removed by the preprocessor: this build never targets Windows 7.
    return ExAllocatePoolWithTag(NonPagedPool, bytes, NIC_TAG);
#else
    return ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, NIC_TAG); // no-warning
#endif
}

NTSTATUS
NicDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PNIC_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NIC_GET_STATS:
        status = NicGetStats(ext, Irp, irpSp);
        break;
    case IOCTL_NIC_SET_MULTICAST:
        status = NicSetMulticast(ext, Irp, irpSp);
        break;
    case IOCTL_NIC_GET_RING_SNAPSHOT:
        status = NicGetRingSnapshot(ext, Irp, irpSp);
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
NicCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
NicUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleNic");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PNIC_EXTENSION ext;

    if (deviceObject == NULL) {
        return;
    }
    ext = deviceObject->DeviceExtension;
    if (ext->Ring != NULL) {
        ExFreePoolWithTag(ext->Ring, NIC_TAG);
    }
    if (ext->Multicast != NULL) {
        ExFreePoolWithTag(ext->Multicast, NIC_TAG);
    }
    if (ext->ReceiveBounce != NULL) {
        ExFreePoolWithTag(ext->ReceiveBounce, NIC_TAG);
    }
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(deviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\ExampleNic");
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleNic");
    PDEVICE_OBJECT deviceObject;
    PNIC_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NicResolveOptionalRoutines();

    status = IoCreateDevice(DriverObject, sizeof(NIC_EXTENSION), &deviceName,
                            FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->Lock);

    ext->Ring = NicAllocateRing();
    ext->ReceiveBounce = NicAllocateReceiveBounce();
    if (ext->Ring == NULL || ext->ReceiveBounce == NULL) {
        NicUnload(DriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        NicUnload(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = NicCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NicCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NicDeviceControl;
    DriverObject->DriverUnload = NicUnload;
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
