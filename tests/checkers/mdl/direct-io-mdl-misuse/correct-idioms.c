// drvcert-test: rules=direct-io-mdl-misuse
//
// Correct direct-I/O code that must stay silent: every path checks the
// MmGetSystemAddressForMdlSafe result before using it, in each shape drivers
// write the check (== NULL with goto, !p with early return, if (p) {...},
// NULL == p, a compound condition, a check in the caller of a helper, a
// check per MDL in a chain walk). Also silent: MmMapLockedPagesSpecifyCache
// with AccessMode UserMode or BugCheckOnFailure TRUE (neither returns NULL),
// and a mapped pointer that is only passed to a routine whose body is not in
// this file. No expectations: the rule must report nothing here.

#include <ntddk.h>

#define RD_TAG 'ksDR'
#define RD_SECTOR_SIZE 512
#define RD_DISK_SIZE (4 * 1024 * 1024)
#define RD_SHARED_SIZE PAGE_SIZE

#define IOCTL_RD_GET_GEOMETRY \
    CTL_CODE(FILE_DEVICE_DISK, 0x800, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_RD_FORMAT \
    CTL_CODE(FILE_DEVICE_DISK, 0x801, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)
#define IOCTL_RD_MAP_SHARED_PAGE \
    CTL_CODE(FILE_DEVICE_DISK, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_RD_SUBMIT_COMMAND \
    CTL_CODE(FILE_DEVICE_DISK, 0x803, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)
#define IOCTL_RD_READ_LOG \
    CTL_CODE(FILE_DEVICE_DISK, 0x804, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_RD_SNAPSHOT \
    CTL_CODE(FILE_DEVICE_DISK, 0x805, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _RD_GEOMETRY {
    ULONG BytesPerSector;
    ULONG SectorCount;
    ULONG Flags;
} RD_GEOMETRY, *PRD_GEOMETRY;

typedef struct _RD_SHARED_HEADER {
    ULONG Version;
    ULONG Size;
    volatile LONG Sequence;
} RD_SHARED_HEADER, *PRD_SHARED_HEADER;

typedef struct _RD_EXTENSION {
    PUCHAR Disk;
    KSPIN_LOCK Lock;
    PVOID SharedPage;
    PMDL SharedMdl;
    PVOID SharedUserVa;
    UCHAR Log[RD_SECTOR_SIZE];
} RD_EXTENSION, *PRD_EXTENSION;

// Implemented in the driver's command parser (another source file).
NTSTATUS RdParseCommand(PRD_EXTENSION Ext, PVOID Command, ULONG Length);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RdUnload;
DRIVER_DISPATCH RdCreateClose;
DRIVER_DISPATCH RdReadWrite;
DRIVER_DISPATCH RdDeviceControl;

//
// Silent: IRP_MJ_READ / IRP_MJ_WRITE check the mapping and complete the
// request with STATUS_INSUFFICIENT_RESOURCES, via goto.
//
NTSTATUS
RdReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    LONGLONG offset;
    ULONG length;
    PUCHAR buffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (irpSp->MajorFunction == IRP_MJ_READ) {
        offset = irpSp->Parameters.Read.ByteOffset.QuadPart;
        length = irpSp->Parameters.Read.Length;
    } else {
        offset = irpSp->Parameters.Write.ByteOffset.QuadPart;
        length = irpSp->Parameters.Write.Length;
    }

    if (length == 0) {
        goto Complete;
    }
    if (offset < 0 || offset > RD_DISK_SIZE || length > RD_DISK_SIZE - offset ||
        (length % RD_SECTOR_SIZE) != 0) {
        status = STATUS_INVALID_PARAMETER;
        length = 0;
        goto Complete;
    }

    buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        length = 0;
        goto Complete;
    }

    if (irpSp->MajorFunction == IRP_MJ_READ) {
        RtlCopyMemory(buffer, ext->Disk + offset, length); // no-warning
    } else {
        RtlCopyMemory(ext->Disk + offset, buffer, length); // no-warning
    }

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

//
// Silent: METHOD_OUT_DIRECT, early return with !p.
//
static NTSTATUS
RdGetGeometry(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PRD_GEOMETRY geometry;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RD_GEOMETRY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    geometry = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (!geometry) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    geometry->BytesPerSector = RD_SECTOR_SIZE; // no-warning
    geometry->SectorCount = RD_DISK_SIZE / RD_SECTOR_SIZE;
    geometry->Flags = 0;
    Irp->IoStatus.Information = sizeof(RD_GEOMETRY);
    return STATUS_SUCCESS;
}

//
// Silent: METHOD_IN_DIRECT, the use is inside if (p) { ... }.
//
static NTSTATUS
RdFormat(PRD_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PUCHAR pattern;
    ULONG sector;
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;

    if (length != RD_SECTOR_SIZE || Irp->MdlAddress == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    pattern = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, LowPagePriority | MdlMappingNoExecute);
    if (pattern) {
        for (sector = 0; sector < RD_DISK_SIZE / RD_SECTOR_SIZE; sector++) {
            RtlCopyMemory(Ext->Disk + (SIZE_T)sector * RD_SECTOR_SIZE, pattern, RD_SECTOR_SIZE); // no-warning
        }
        status = STATUS_SUCCESS;
    }
    return status;
}

//
// Silent: the mapped command is only handed to a routine defined in another
// file; this file cannot see what it does with it.
//
static NTSTATUS
RdSubmitCommand(PRD_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID command;

    if (length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    command = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    return RdParseCommand(Ext, command, length); // no-warning
}

//
// Silent: the log is copied only on the non-NULL branch of a compound
// condition written NULL == p.
//
static NTSTATUS
RdReadLog(PRD_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID output = NULL;
    KIRQL oldIrql;

    if (outLength != 0) {
        output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    }
    if (NULL == output || outLength < sizeof(Ext->Log)) {
        return output == NULL ? STATUS_INSUFFICIENT_RESOURCES : STATUS_BUFFER_TOO_SMALL;
    }
    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    RtlCopyMemory(output, Ext->Log, sizeof(Ext->Log)); // no-warning
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
    Irp->IoStatus.Information = sizeof(Ext->Log);
    return STATUS_SUCCESS;
}

//
// Silent: a kernel page shared with the service is mapped into the calling
// process with AccessMode UserMode. That call raises an exception instead of
// returning NULL; the header is initialized under __try.
//
static NTSTATUS
RdMapSharedPage(PRD_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userVa = NULL;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID) || Ext->SharedUserVa != NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }

    __try {
        userVa = MmMapLockedPagesSpecifyCache(Ext->SharedMdl, UserMode, MmCached, NULL, FALSE, NormalPagePriority | MdlMappingNoExecute);
        ((PRD_SHARED_HEADER)userVa)->Sequence = 0; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        userVa = NULL;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Ext->SharedUserVa = userVa;
    *(PVOID *)Irp->AssociatedIrp.SystemBuffer = userVa;
    Irp->IoStatus.Information = sizeof(PVOID);
    return STATUS_SUCCESS;
}

//
// Silent: MmMapLockedPagesSpecifyCache with BugCheckOnFailure FALSE, as its
// documentation requires, and the NULL result handled.
//
static VOID
RdSnapshotToMdl(PRD_EXTENSION Ext, PMDL Mdl, ULONG Length)
{
    PVOID target = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, HighPagePriority | MdlMappingNoExecute);

    if (target == NULL) {
        return;
    }
    RtlCopyMemory(target, Ext->Disk, min(Length, RD_DISK_SIZE)); // no-warning
    MmUnmapLockedPages(target, Mdl);
}

//
// Silent: each MDL of a chain is mapped and checked before its use.
//
static NTSTATUS
RdChecksumChain(PMDL Chain, PULONG Checksum)
{
    PMDL mdl;
    PUCHAR va;
    ULONG i;
    ULONG sum = 0;

    for (mdl = Chain; mdl != NULL; mdl = mdl->Next) {
        va = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
        if (va == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        for (i = 0; i < MmGetMdlByteCount(mdl); i++) {
            sum += va[i]; // no-warning
        }
    }
    *Checksum = sum;
    return STATUS_SUCCESS;
}

NTSTATUS
RdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RD_GET_GEOMETRY:
        status = RdGetGeometry(Irp, irpSp);
        break;
    case IOCTL_RD_FORMAT:
        status = RdFormat(ext, Irp, irpSp);
        break;
    case IOCTL_RD_MAP_SHARED_PAGE:
        status = RdMapSharedPage(ext, Irp, irpSp);
        break;
    case IOCTL_RD_SUBMIT_COMMAND:
        status = RdSubmitCommand(ext, Irp, irpSp);
        break;
    case IOCTL_RD_READ_LOG:
        status = RdReadLog(ext, Irp, irpSp);
        break;
    case IOCTL_RD_SNAPSHOT:
        if (Irp->MdlAddress == NULL) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RdSnapshotToMdl(ext, Irp->MdlAddress, irpSp->Parameters.DeviceIoControl.OutputBufferLength);
        Irp->IoStatus.Information = min(irpSp->Parameters.DeviceIoControl.OutputBufferLength, RD_DISK_SIZE);
        status = STATUS_SUCCESS;
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
RdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
RdUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleRamDisk");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PRD_EXTENSION ext;

    IoDeleteSymbolicLink(&link);
    if (deviceObject == NULL) {
        return;
    }
    ext = deviceObject->DeviceExtension;
    if (ext->SharedMdl != NULL) {
        IoFreeMdl(ext->SharedMdl);
    }
    if (ext->SharedPage != NULL) {
        ExFreePoolWithTag(ext->SharedPage, RD_TAG);
    }
    if (ext->Disk != NULL) {
        ExFreePoolWithTag(ext->Disk, RD_TAG);
    }
    IoDeleteDevice(deviceObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExampleRamDisk");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ExampleRamDisk");
    PDEVICE_OBJECT deviceObject;
    PRD_EXTENSION ext;
    ULONG checksum;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(RD_EXTENSION), &name, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->Lock);

    ext->Disk = ExAllocatePool2(POOL_FLAG_NON_PAGED, RD_DISK_SIZE, RD_TAG);
    ext->SharedPage = ExAllocatePool2(POOL_FLAG_NON_PAGED, RD_SHARED_SIZE, RD_TAG);
    if (ext->Disk == NULL || ext->SharedPage == NULL) {
        RdUnload(DriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ext->SharedMdl = IoAllocateMdl(ext->SharedPage, RD_SHARED_SIZE, FALSE, FALSE, NULL);
    if (ext->SharedMdl == NULL) {
        RdUnload(DriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(ext->SharedMdl);

    // Silent: the checksum maps each MDL of the chain and checks it.
    if (NT_SUCCESS(RdChecksumChain(ext->SharedMdl, &checksum))) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ramdisk: shared page checksum %08lx\n", checksum);
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        RdUnload(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = RdReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDeviceControl;
    DriverObject->DriverUnload = RdUnload;

    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
