// drvcert-test: rules=ioctl-arbitrary-kernel-rw
//
// A performance-counter driver that does what the vulnerable utilities do
// with a caller's address, the safe way: the request names an object by
// index into a table the driver owns and the index is checked; raw memory
// access is kept for callers holding SeDebugPrivilege and for kernel-mode
// requestors; and user pointers are probed (and are user-pointer-unprobed's
// business anyway). None of this may be reported.

#include <ntddk.h>

#define PMC_COUNTERS 16

#define IOCTL_PMC_READ_COUNTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PMC_DEBUG_READ \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PMC_INTERNAL_POKE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PMC_EXPORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PMC_READ_RECORD \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA04, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PMC_REQUEST {
    ULONG64 Address;
    ULONG Index;
    ULONG Value;
} PMC_REQUEST, *PPMC_REQUEST;

typedef struct _PMC_EXPORT_REQUEST {
    PVOID Destination; // the caller's buffer
    ULONG Length;
    ULONG Reserved;
} PMC_EXPORT_REQUEST, *PPMC_EXPORT_REQUEST;

typedef struct _PMC_EXTENSION {
    ULONG64 Counters[PMC_COUNTERS];
    ULONG Snapshot[PMC_COUNTERS];
} PMC_EXTENSION, *PPMC_EXTENSION;

DRIVER_DISPATCH PmcDeviceControl;

// An object of the driver's own, chosen by a checked index.
static NTSTATUS
PmcReadCounter(PPMC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPMC_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PMC_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PMC_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->Index >= PMC_COUNTERS) {
        return STATUS_INVALID_PARAMETER;
    }
    request->Address = Ext->Counters[request->Index];
    Irp->IoStatus.Information = sizeof(PMC_REQUEST);
    return STATUS_SUCCESS;
}

// Raw reads for the vendor's kernel debugger extension: SeDebugPrivilege.
static NTSTATUS
PmcDebugRead(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPMC_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (!SeSinglePrivilegeCheck(RtlConvertLongToLuid(SE_DEBUG_PRIVILEGE), Irp->RequestorMode)) {
        return STATUS_PRIVILEGE_NOT_HELD;
    }
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PMC_REQUEST) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PMC_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    request->Value = *(PULONG)request->Address;
    Irp->IoStatus.Information = sizeof(PMC_REQUEST);
    return STATUS_SUCCESS;
}

// Only the companion kernel driver sends this one.
static NTSTATUS
PmcInternalPoke(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPMC_REQUEST request = Irp->AssociatedIrp.SystemBuffer;

    if (Irp->RequestorMode != KernelMode) {
        return STATUS_ACCESS_DENIED;
    }
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PMC_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PULONG)request->Address = request->Value;
    return STATUS_SUCCESS;
}

// A pointer the caller passes to receive data is a user pointer: probed.
static NTSTATUS
PmcExport(PPMC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPMC_EXPORT_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PVOID destination;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PMC_EXPORT_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    destination = request->Destination;
    __try {
        ProbeForWrite(destination, sizeof(Ext->Snapshot), sizeof(ULONG));
        RtlCopyMemory(destination, Ext->Snapshot, sizeof(Ext->Snapshot));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

// Addresses computed as integers from a base the driver knows (the request
// buffer, its own extension) plus an offset from the request: offsets, not
// addresses the caller chose (their bounds are other rules' business).
static NTSTATUS
PmcReadRecord(PPMC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPMC_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG value;

    if (length < sizeof(PMC_REQUEST) || request->Index > length - sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    value = *(PULONG)((ULONG_PTR)Irp->AssociatedIrp.SystemBuffer + request->Index);
    value += *(PULONG)((ULONG_PTR)Ext->Snapshot + (request->Index & 0x3C));
    request->Value = value;
    return STATUS_SUCCESS;
}

NTSTATUS
PmcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPMC_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PMC_READ_COUNTER:
        status = PmcReadCounter(ext, Irp, irpSp);
        break;
    case IOCTL_PMC_DEBUG_READ:
        status = PmcDebugRead(Irp, irpSp);
        break;
    case IOCTL_PMC_INTERNAL_POKE:
        status = PmcInternalPoke(Irp, irpSp);
        break;
    case IOCTL_PMC_EXPORT:
        status = PmcExport(ext, Irp, irpSp);
        break;
    case IOCTL_PMC_READ_RECORD:
        status = PmcReadRecord(ext, Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
