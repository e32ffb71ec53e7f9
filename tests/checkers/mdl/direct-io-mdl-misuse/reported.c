// drvcert-test: rules=direct-io-mdl-misuse
//
// MmGetSystemAddressForMdlSafe results used without a NULL check, in a
// frame-capture driver that uses direct I/O: IRP_MJ_READ and IRP_MJ_WRITE on
// a DO_DIRECT_IO device, and METHOD_OUT_DIRECT / METHOD_IN_DIRECT IOCTLs
// whose buffer is described by Irp->MdlAddress.
//
// MmGetSystemAddressForMdlSafe is a macro: when the MDL is not mapped yet it
// calls MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE,
// Priority), which returns NULL when system PTEs run out. A finding is
// reported at the first use of the unchecked result on a path: once the
// pointer has been dereferenced, it is known non-NULL for the rest of that
// path (the NULL case has crashed), so later uses on the same path are not
// reported again.
//
// Every handler below checks Irp->MdlAddress or the transfer length first,
// so the MDL itself is never NULL; only the mapping can fail.

#include <ntddk.h>

#define CAP_TAG 'paCX'
#define CAP_FRAME_SIZE (64 * 1024)
#define CAP_FIRMWARE_MAX (256 * 1024)

#define IOCTL_CAP_GET_STATUS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_CAP_READ_FRAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_CAP_CLEAR_OUTPUT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_CAP_LOAD_FIRMWARE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_IN_DIRECT, FILE_WRITE_DATA)
#define IOCTL_CAP_FILL_PATTERN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x804, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_CAP_READ_HISTOGRAM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x805, METHOD_OUT_DIRECT, FILE_READ_DATA)

typedef struct _CAP_STATUS {
    ULONG State;
    ULONG FramesCaptured;
    ULONG FramesDropped;
    ULONG FrameSize;
} CAP_STATUS, *PCAP_STATUS;

typedef struct _CAP_FRAME_HEADER {
    ULONG Magic;
    ULONG Length;
    LARGE_INTEGER Timestamp;
} CAP_FRAME_HEADER, *PCAP_FRAME_HEADER;

#define CAP_FRAME_MAGIC 0x46524D31

typedef struct _CAP_EXTENSION {
    KSPIN_LOCK Lock;
    PUCHAR Frame;
    ULONG FrameLength;
    CAP_STATUS Status;
    PUCHAR Firmware;
    ULONG FirmwareLength;
    ULONG Histogram[256];
} CAP_EXTENSION, *PCAP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CapUnload;
DRIVER_DISPATCH CapCreateClose;
DRIVER_DISPATCH CapRead;
DRIVER_DISPATCH CapWrite;
DRIVER_DISPATCH CapDeviceControl;

//
// Case: IRP_MJ_READ on a DO_DIRECT_IO device copies the current frame into
// the caller's pages through an unchecked system address.
//
NTSTATUS
CapRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCAP_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = irpSp->Parameters.Read.Length;
    PVOID buffer;
    KIRQL oldIrql;

    if (length == 0 || Irp->MdlAddress == NULL) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }

    buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);

    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    if (length > ext->FrameLength) {
        length = ext->FrameLength;
    }
    RtlCopyMemory(buffer, ext->Frame, length); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlCopyMemory' without a NULL check; it returns NULL when the system is low on resources, and the NULL dereference crashes the machine; check it and complete the request with STATUS_INSUFFICIENT_RESOURCES}}
    KeReleaseSpinLock(&ext->Lock, oldIrql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

//
// Case: IRP_MJ_WRITE reads the frame header through the unchecked address.
// The copy two lines below uses the same pointer on the same path: it is
// not reported again.
//
NTSTATUS
CapWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCAP_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = irpSp->Parameters.Write.Length;
    PCAP_FRAME_HEADER header;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL oldIrql;

    if (length < sizeof(CAP_FRAME_HEADER) || length > CAP_FRAME_SIZE) {
        status = STATUS_INVALID_BUFFER_SIZE;
        length = 0;
        goto Complete;
    }

    header = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (header->Magic != CAP_FRAME_MAGIC) { // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check; it returns NULL when the system is low on resources, and the NULL dereference crashes the machine; check it and complete the request with STATUS_INSUFFICIENT_RESOURCES}}
        status = STATUS_INVALID_PARAMETER;
        length = 0;
        goto Complete;
    }

    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    RtlCopyMemory(ext->Frame, header, length); // no-warning
    ext->FrameLength = length;
    KeReleaseSpinLock(&ext->Lock, oldIrql);

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

//
// Case: METHOD_OUT_DIRECT; the reply structure is written field by field
// through the unchecked address.
//
static NTSTATUS
CapGetStatus(PCAP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCAP_STATUS reply;
    KIRQL oldIrql;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CAP_STATUS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    reply = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    reply->State = Ext->Status.State; // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    reply->FramesCaptured = Ext->Status.FramesCaptured;
    reply->FramesDropped = Ext->Status.FramesDropped;
    reply->FrameSize = Ext->FrameLength;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);

    Irp->IoStatus.Information = sizeof(CAP_STATUS);
    return STATUS_SUCCESS;
}

//
// Case: METHOD_OUT_DIRECT; the caller's buffer is cleared with RtlZeroMemory.
//
static NTSTATUS
CapClearOutput(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID output;

    if (outLength == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    RtlZeroMemory(output, outLength); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlZeroMemory' without a NULL check}}
    Irp->IoStatus.Information = outLength;
    return STATUS_SUCCESS;
}

//
// Case: METHOD_IN_DIRECT; the firmware image is the copy's source.
//
static NTSTATUS
CapLoadFirmware(PCAP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID image;
    PUCHAR copy;

    if (length == 0 || length > CAP_FIRMWARE_MAX) {
        return STATUS_INVALID_PARAMETER;
    }
    copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, length, CAP_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    image = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, LowPagePriority | MdlMappingNoExecute);
    RtlCopyMemory(copy, image, length); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlCopyMemory' without a NULL check}}

    if (Ext->Firmware != NULL) {
        ExFreePoolWithTag(Ext->Firmware, CAP_TAG);
    }
    Ext->Firmware = copy;
    Ext->FirmwareLength = length;
    return STATUS_SUCCESS;
}

//
// Case: a test pattern written with RtlFillMemory, then the header with
// memcpy: the fill is the first use.
//
static NTSTATUS
CapFillPattern(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    CAP_FRAME_HEADER header;
    PUCHAR output;

    if (outLength < sizeof(CAP_FRAME_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    header.Magic = CAP_FRAME_MAGIC;
    header.Length = outLength;
    KeQuerySystemTime(&header.Timestamp);

    output = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    RtlFillMemory(output, outLength, 0xA5); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlFillMemory' without a NULL check}}
    memcpy(output, &header, sizeof(header)); // no-warning
    Irp->IoStatus.Information = outLength;
    return STATUS_SUCCESS;
}

//
// Case: a free build compiles ASSERT away, so it is no check; the histogram
// is written element by element.
//
static NTSTATUS
CapReadHistogram(PCAP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG bins;
    ULONG i;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(Ext->Histogram)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    bins = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    ASSERT(bins != NULL);
    for (i = 0; i < RTL_NUMBER_OF(Ext->Histogram); i++) {
        bins[i] = Ext->Histogram[i]; // expected-error{{'MmGetSystemAddressForMdlSafe' result is dereferenced without a NULL check}}
    }
    Irp->IoStatus.Information = sizeof(Ext->Histogram);
    return STATUS_SUCCESS;
}

//
// Case: the frame copy lives in a helper of the IOCTL; reported in the
// helper.
//
static VOID
CapCopyFrameToMdl(PCAP_EXTENSION Ext, PMDL Mdl, ULONG Length)
{
    PUCHAR destination = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority | MdlMappingNoExecute);
    KIRQL oldIrql;

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    RtlCopyMemory(destination, Ext->Frame, min(Length, Ext->FrameLength)); // expected-error{{'MmGetSystemAddressForMdlSafe' result is passed to 'RtlCopyMemory' without a NULL check}}
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
}

static NTSTATUS
CapReadFrame(PCAP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;

    if (outLength == 0 || Irp->MdlAddress == NULL) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    CapCopyFrameToMdl(Ext, Irp->MdlAddress, outLength);
    Irp->IoStatus.Information = min(outLength, Ext->FrameLength);
    return STATUS_SUCCESS;
}

NTSTATUS
CapDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCAP_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CAP_GET_STATUS:
        status = CapGetStatus(ext, Irp, irpSp);
        break;
    case IOCTL_CAP_READ_FRAME:
        status = CapReadFrame(ext, Irp, irpSp);
        break;
    case IOCTL_CAP_CLEAR_OUTPUT:
        status = CapClearOutput(Irp, irpSp);
        break;
    case IOCTL_CAP_LOAD_FIRMWARE:
        status = CapLoadFirmware(ext, Irp, irpSp);
        break;
    case IOCTL_CAP_FILL_PATTERN:
        status = CapFillPattern(Irp, irpSp);
        break;
    case IOCTL_CAP_READ_HISTOGRAM:
        status = CapReadHistogram(ext, Irp, irpSp);
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
CapCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
CapUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\FrameCapture");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PCAP_EXTENSION ext;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->Frame != NULL) {
            ExFreePoolWithTag(ext->Frame, CAP_TAG);
        }
        if (ext->Firmware != NULL) {
            ExFreePoolWithTag(ext->Firmware, CAP_TAG);
        }
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\FrameCapture");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\FrameCapture");
    PDEVICE_OBJECT deviceObject;
    PCAP_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(CAP_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->Lock);
    ext->Frame = ExAllocatePool2(POOL_FLAG_NON_PAGED, CAP_FRAME_SIZE, CAP_TAG);
    if (ext->Frame == NULL) {
        IoDeleteDevice(deviceObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ext->Frame, CAP_TAG);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CapCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CapCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = CapRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = CapWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CapDeviceControl;
    DriverObject->DriverUnload = CapUnload;

    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
