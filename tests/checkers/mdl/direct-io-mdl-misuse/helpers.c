// drvcert-test: rules=direct-io-mdl-misuse
//
// Unchecked mappings that cross function boundaries, in a data-acquisition
// driver whose IOCTL handlers share small helpers. The rule follows helpers
// called from the dispatch routine: a use inside a helper is reported on
// the helper's line, once, however many handlers reach it unchecked; a
// helper reached only with a checked pointer stays silent. Also here: a
// check made on one branch only, a check made after the use, a mapping
// carried in a structure, and a direct MmMapLockedPagesSpecifyCache call on
// an MDL the driver built itself.

#include <ntddk.h>

#define ACQ_TAG 'qcAX'
#define ACQ_INLINE_LIMIT 256
#define ACQ_BLOCK_SIZE 4096
#define ACQ_HEADER_MAGIC 0x51434131

#define IOCTL_ACQ_READ_BLOCK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_ACQ_READ_BLOCK_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_ACQ_READ_TAIL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_ACQ_WRITE_COEFFICIENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_IN_DIRECT, FILE_WRITE_DATA)
#define IOCTL_ACQ_READ_SAMPLES \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_ACQ_READ_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_ACQ_EXPORT_BLOCK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_ACQ_READ_TRANSFER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x907, METHOD_OUT_DIRECT, FILE_READ_DATA)

typedef struct _ACQ_HEADER {
    ULONG Magic;
    ULONG Length;
    ULONG Sequence;
    ULONG Flags;
} ACQ_HEADER, *PACQ_HEADER;

typedef struct _ACQ_EXTENSION {
    UCHAR Block[ACQ_BLOCK_SIZE];
    ULONG Sequence;
    UCHAR InlineCoefficients[ACQ_INLINE_LIMIT];
    PUCHAR LargeCoefficients;
    ULONG Counters[16];
} ACQ_EXTENSION, *PACQ_EXTENSION;

typedef struct _ACQ_TRANSFER {
    PUCHAR Buffer;
    ULONG Length;
    ULONG Offset;
} ACQ_TRANSFER, *PACQ_TRANSFER;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH AcqCreateClose;
DRIVER_DISPATCH AcqDeviceControl;

//
// Case: the header writer dereferences what it is given. It is reached
// unchecked from AcqReadBlock and checked from AcqReadBlockChecked: one
// finding, here.
//
static VOID
AcqWriteHeader(PACQ_HEADER Header, ULONG Length, ULONG Sequence)
{
    Header->Magic = ACQ_HEADER_MAGIC; // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    Header->Length = Length;
    Header->Sequence = Sequence;
    Header->Flags = 0;
}

static NTSTATUS
AcqReadBlock(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PUCHAR output;

    if (OutLength < sizeof(ACQ_HEADER) + ACQ_BLOCK_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    AcqWriteHeader((PACQ_HEADER)output, ACQ_BLOCK_SIZE, Ext->Sequence++);
    RtlCopyMemory(output + sizeof(ACQ_HEADER), Ext->Block, ACQ_BLOCK_SIZE); // no-warning
    Irp->IoStatus.Information = sizeof(ACQ_HEADER) + ACQ_BLOCK_SIZE;
    return STATUS_SUCCESS;
}

static NTSTATUS
AcqReadBlockChecked(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PUCHAR output;

    if (OutLength < sizeof(ACQ_HEADER) + ACQ_BLOCK_SIZE) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (output == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    AcqWriteHeader((PACQ_HEADER)output, ACQ_BLOCK_SIZE, Ext->Sequence++); // no-warning
    RtlCopyMemory(output + sizeof(ACQ_HEADER), Ext->Block, ACQ_BLOCK_SIZE); // no-warning
    Irp->IoStatus.Information = sizeof(ACQ_HEADER) + ACQ_BLOCK_SIZE;
    return STATUS_SUCCESS;
}

//
// Case: a helper that maps and returns the address without checking it;
// the caller's first use is reported, in the caller.
//
static PVOID
AcqMapOutput(PIRP Irp)
{
    return MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
}

static NTSTATUS
AcqReadTail(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PULONG tail;

    if (OutLength < sizeof(ULONG) * 4) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    tail = AcqMapOutput(Irp);
    tail[0] = Ext->Sequence; // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    tail[1] = Ext->Counters[0];
    tail[2] = Ext->Counters[1];
    tail[3] = Ext->Counters[2];
    Irp->IoStatus.Information = sizeof(ULONG) * 4;
    return STATUS_SUCCESS;
}

//
// Silent: a helper that maps, checks, and reports failure through its
// status; the caller uses the address only on success.
//
static NTSTATUS
AcqMapOutputChecked(PIRP Irp, PVOID *Address)
{
    PVOID va = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);

    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Address = va;
    return STATUS_SUCCESS;
}

static NTSTATUS
AcqReadCounters(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PVOID output;
    NTSTATUS status;

    if (OutLength < sizeof(Ext->Counters)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = AcqMapOutputChecked(Irp, &output);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlCopyMemory(output, Ext->Counters, sizeof(Ext->Counters)); // no-warning
    Irp->IoStatus.Information = sizeof(Ext->Counters);
    return STATUS_SUCCESS;
}

//
// Case: the NULL check exists only on the large-transfer branch; the small
// transfer copies from the unchecked address.
//
static NTSTATUS
AcqWriteCoefficients(PACQ_EXTENSION Ext, PIRP Irp, ULONG Length)
{
    PUCHAR input;

    if (Length == 0 || Length > ACQ_BLOCK_SIZE || Irp->MdlAddress == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    input = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);

    if (Length > ACQ_INLINE_LIMIT) {
        if (input == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        if (Ext->LargeCoefficients == NULL) {
            Ext->LargeCoefficients = ExAllocatePool2(POOL_FLAG_NON_PAGED, ACQ_BLOCK_SIZE, ACQ_TAG);
            if (Ext->LargeCoefficients == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
        }
        RtlCopyMemory(Ext->LargeCoefficients, input, Length); // no-warning
        return STATUS_SUCCESS;
    }

    RtlCopyMemory(Ext->InlineCoefficients, input, Length); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlCopyMemory' without a NULL check; it returns NULL when the system is low on resources, and the NULL dereference crashes the machine; check it and complete the request with STATUS_INSUFFICIENT_RESOURCES}}
    return STATUS_SUCCESS;
}

//
// Case: the check comes after the copy it should protect.
//
static NTSTATUS
AcqReadSamples(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PVOID output;

    if (OutLength == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    RtlMoveMemory(output, Ext->Block, min(OutLength, ACQ_BLOCK_SIZE)); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlMoveMemory' without a NULL check}}
    if (output == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Irp->IoStatus.Information = min(OutLength, ACQ_BLOCK_SIZE);
    return STATUS_SUCCESS;
}

//
// Case: the mapping travels in a transfer descriptor to the routine that
// fills it; reported where the descriptor's buffer is written.
//
static VOID
AcqFillTransfer(PACQ_EXTENSION Ext, PACQ_TRANSFER Transfer)
{
    ULONG i;

    for (i = 0; i < Transfer->Length && i < ACQ_BLOCK_SIZE; i++) {
        Transfer->Buffer[i] = Ext->Block[(Transfer->Offset + i) % ACQ_BLOCK_SIZE]; // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    }
}

static NTSTATUS
AcqReadTransfer(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    ACQ_TRANSFER transfer;

    if (OutLength == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    transfer.Buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    transfer.Length = OutLength;
    transfer.Offset = Ext->Sequence;
    AcqFillTransfer(Ext, &transfer);
    Irp->IoStatus.Information = min(OutLength, ACQ_BLOCK_SIZE);
    return STATUS_SUCCESS;
}

//
// Case: METHOD_NEITHER; the driver locks the caller's buffer in its own MDL
// and maps it with MmMapLockedPagesSpecifyCache directly, without checking
// the result.
//
static NTSTATUS
AcqExportBlock(PACQ_EXTENSION Ext, PIRP Irp, ULONG OutLength)
{
    PMDL mdl;
    PVOID mapped;
    NTSTATUS status = STATUS_SUCCESS;

    if (OutLength < ACQ_BLOCK_SIZE || Irp->UserBuffer == NULL) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    mdl = IoAllocateMdl(Irp->UserBuffer, ACQ_BLOCK_SIZE, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        MmProbeAndLockPages(mdl, Irp->RequestorMode, IoWriteAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        IoFreeMdl(mdl);
        return status;
    }

    mapped = MmMapLockedPagesSpecifyCache(mdl, KernelMode, MmCached, NULL, FALSE, NormalPagePriority | MdlMappingNoExecute);
    RtlCopyMemory(mapped, Ext->Block, ACQ_BLOCK_SIZE); // expected-error{{'MmMapLockedPagesSpecifyCache' result is passed to 'RtlCopyMemory' without a NULL check; it returns NULL when the system is low on resources, and the NULL dereference crashes the machine; check it and complete the request with STATUS_INSUFFICIENT_RESOURCES}}
    MmUnmapLockedPages(mapped, mdl);

    MmUnlockPages(mdl);
    IoFreeMdl(mdl);
    Irp->IoStatus.Information = ACQ_BLOCK_SIZE;
    return STATUS_SUCCESS;
}

NTSTATUS
AcqDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PACQ_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_ACQ_READ_BLOCK:
        status = AcqReadBlock(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_READ_BLOCK_CHECKED:
        status = AcqReadBlockChecked(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_READ_TAIL:
        status = AcqReadTail(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_READ_COUNTERS:
        status = AcqReadCounters(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_WRITE_COEFFICIENTS:
        status = AcqWriteCoefficients(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_READ_SAMPLES:
        status = AcqReadSamples(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_READ_TRANSFER:
        status = AcqReadTransfer(ext, Irp, outLength);
        break;
    case IOCTL_ACQ_EXPORT_BLOCK:
        status = AcqExportBlock(ext, Irp, outLength);
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
AcqCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExampleAcquisition");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(ACQ_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(ACQ_EXTENSION));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = AcqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AcqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AcqDeviceControl;
    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
