// drvcert-test: rules=direct-io-mdl-misuse
//
// The obsolete mapping routines: MmGetSystemAddressForMdl (a macro that
// calls MmMapLockedPages(Mdl, KernelMode)) and MmMapLockedPages itself bug-
// check the machine when system PTEs run out. Every use is reported at the
// call, whether or not the result is checked afterwards (the check can never
// fire). Their results never count as "may be NULL", so their uses get no
// second finding. An NT4-era parallel-port style driver.

#include <ntddk.h>

#define LPX_TAG 'xpLX'
#define LPX_FIFO_SIZE 1024

#define IOCTL_LPX_GET_STATUS \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x800, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_LPX_READ_FIFO \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x801, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_LPX_WRITE_FIFO \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x802, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)
#define IOCTL_LPX_PEEK_FIFO \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x803, METHOD_OUT_DIRECT, FILE_READ_ACCESS)
#define IOCTL_LPX_GET_STATUS_V2 \
    CTL_CODE(FILE_DEVICE_PARALLEL_PORT, 0x804, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _LPX_STATUS {
    UCHAR Status;
    UCHAR Control;
    USHORT FifoLevel;
} LPX_STATUS, *PLPX_STATUS;

typedef struct _LPX_EXTENSION {
    KSPIN_LOCK Lock;
    LPX_STATUS Status;
    UCHAR Fifo[LPX_FIFO_SIZE];
    ULONG FifoLevel;
    PUCHAR Scratch;
    PMDL ScratchMdl;
} LPX_EXTENSION, *PLPX_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LpxUnload;
DRIVER_DISPATCH LpxCreateClose;
DRIVER_DISPATCH LpxWrite;
DRIVER_DISPATCH LpxDeviceControl;

//
// Case: IRP_MJ_WRITE on a DO_DIRECT_IO device, mapped with the legacy macro.
//
NTSTATUS
LpxWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLPX_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Write.Length;
    PUCHAR data;
    KIRQL oldIrql;

    if (length == 0 || length > LPX_FIFO_SIZE) {
        Irp->IoStatus.Status = length == 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Irp->IoStatus.Status;
    }

    data = MmGetSystemAddressForMdl(Irp->MdlAddress); // expected-error{{'MmGetSystemAddressForMdl' bug-checks the machine when the mapping fails; use 'MmGetSystemAddressForMdlSafe' and check its result for NULL}}

    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    RtlCopyMemory(ext->Fifo, data, length); // no-warning
    ext->FifoLevel = length;
    KeReleaseSpinLock(&ext->Lock, oldIrql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

//
// Case: the legacy macro with a NULL check that can never fire: still
// reported.
//
static NTSTATUS
LpxGetStatus(PLPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PLPX_STATUS reply;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LPX_STATUS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    reply = MmGetSystemAddressForMdl(Irp->MdlAddress); // expected-error{{'MmGetSystemAddressForMdl' bug-checks the machine}}
    if (reply == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *reply = Ext->Status; // no-warning
    Irp->IoStatus.Information = sizeof(LPX_STATUS);
    return STATUS_SUCCESS;
}

//
// Case: the legacy macro written directly as the copy's destination.
//
static NTSTATUS
LpxReadFifo(PLPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG count;
    KIRQL oldIrql;

    if (outLength == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    count = min(outLength, Ext->FifoLevel);
    RtlCopyMemory(MmGetSystemAddressForMdl(Irp->MdlAddress), Ext->Fifo, count); // expected-error{{'MmGetSystemAddressForMdl' bug-checks the machine when the mapping fails; use 'MmGetSystemAddressForMdlSafe'}}
    Ext->FifoLevel = 0;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
    Irp->IoStatus.Information = count;
    return STATUS_SUCCESS;
}

//
// Case: a shared helper that maps with the legacy macro, called from two
// handlers: one finding, at the helper.
//
static PUCHAR
LpxMapRequestBuffer(PIRP Irp)
{
    return MmGetSystemAddressForMdl(Irp->MdlAddress); // expected-error{{'MmGetSystemAddressForMdl' bug-checks the machine}}
}

static NTSTATUS
LpxWriteFifo(PLPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PUCHAR input;
    KIRQL oldIrql;

    if (length == 0 || length > LPX_FIFO_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    input = LpxMapRequestBuffer(Irp);
    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    RtlCopyMemory(Ext->Fifo, input, length); // no-warning
    Ext->FifoLevel = length;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
    return STATUS_SUCCESS;
}

static NTSTATUS
LpxPeekFifo(PLPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUCHAR output;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    output = LpxMapRequestBuffer(Irp);
    output[0] = Ext->Fifo[0]; // no-warning
    Irp->IoStatus.Information = 1;
    return STATUS_SUCCESS;
}

//
// Case: MmMapLockedPages called by name on the driver's scratch MDL.
//
static NTSTATUS
LpxInitializeScratch(PLPX_EXTENSION Ext)
{
    PUCHAR view;

    Ext->Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, LPX_TAG);
    if (Ext->Scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Ext->ScratchMdl = IoAllocateMdl(Ext->Scratch, PAGE_SIZE, FALSE, FALSE, NULL);
    if (Ext->ScratchMdl == NULL) {
        ExFreePoolWithTag(Ext->Scratch, LPX_TAG);
        Ext->Scratch = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmProbeAndLockPages(Ext->ScratchMdl, KernelMode, IoModifyAccess);

    view = MmMapLockedPages(Ext->ScratchMdl, KernelMode); // expected-error{{'MmMapLockedPages' bug-checks the machine when the mapping fails; use 'MmMapLockedPagesSpecifyCache' and check its result for NULL}}
    view[0] = 0; // no-warning
    MmUnmapLockedPages(view, Ext->ScratchMdl);
    return STATUS_SUCCESS;
}

//
// Silent: the status request as version 2 of the interface does it, for
// contrast.
//
static NTSTATUS
LpxGetStatusSafe(PLPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PLPX_STATUS reply;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LPX_STATUS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    reply = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute); // no-warning
    if (reply == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *reply = Ext->Status; // no-warning
    Irp->IoStatus.Information = sizeof(LPX_STATUS);
    return STATUS_SUCCESS;
}

NTSTATUS
LpxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLPX_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LPX_GET_STATUS:
        status = LpxGetStatus(ext, Irp, irpSp);
        break;
    case IOCTL_LPX_GET_STATUS_V2:
        status = LpxGetStatusSafe(ext, Irp, irpSp);
        break;
    case IOCTL_LPX_READ_FIFO:
        status = LpxReadFifo(ext, Irp, irpSp);
        break;
    case IOCTL_LPX_PEEK_FIFO:
        status = LpxPeekFifo(ext, Irp, irpSp);
        break;
    case IOCTL_LPX_WRITE_FIFO:
        status = LpxWriteFifo(ext, Irp, irpSp);
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
LpxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LpxUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LPX1");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PLPX_EXTENSION ext;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->ScratchMdl != NULL) {
            MmUnlockPages(ext->ScratchMdl);
            IoFreeMdl(ext->ScratchMdl);
        }
        if (ext->Scratch != NULL) {
            ExFreePoolWithTag(ext->Scratch, LPX_TAG);
        }
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ParallelExample0");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LPX1");
    PDEVICE_OBJECT deviceObject;
    PLPX_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(LPX_EXTENSION), &name, FILE_DEVICE_PARALLEL_PORT,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->Lock);

    status = LpxInitializeScratch(ext);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&link, &name);
    }
    if (!NT_SUCCESS(status)) {
        LpxUnload(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LpxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LpxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = LpxWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LpxDeviceControl;
    DriverObject->DriverUnload = LpxUnload;
    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
