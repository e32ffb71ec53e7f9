// drvcert-test: rules=ioctl-buffer-size-unchecked
//
// System-buffer accesses that the IOCTL's lengths do not cover, in a RAID
// controller management driver. For METHOD_BUFFERED the I/O manager
// allocates max(InputBufferLength, OutputBufferLength) bytes, copies the
// caller's input into the first InputBufferLength of them and, on
// completion, copies Information bytes back; for METHOD_IN_DIRECT and
// METHOD_OUT_DIRECT the system buffer holds only the input. A read past
// InputBufferLength reads past the caller's data (out of the pool block
// when the buffer is small); a write past OutputBufferLength writes past
// the pool block when the input was smaller. Each handler makes one such
// access; its other accesses are within the checked length.

#include <ntddk.h>

#define RAID_MAX_DISKS 16

#define IOCTL_RAID_SET_CONFIG \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_RAID_SET_CACHE \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_RAID_QUERY_ARRAY \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x902, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_RAID_GET_VERSION \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x903, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_RAID_ADD_DISKS \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x904, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_RAID_WRITE_SECTORS \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x905, METHOD_IN_DIRECT, FILE_WRITE_DATA)
#define IOCTL_RAID_GET_CAPACITY \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x906, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_RAID_SET_POLICY \
    CTL_CODE(FILE_DEVICE_CONTROLLER, 0x907, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _RAID_CONFIG {
    ULONG Level;
    ULONG StripeKb;
    ULONG Flags;
    ULONG Reserved;
} RAID_CONFIG, *PRAID_CONFIG;

typedef struct _RAID_CACHE_V1 {
    ULONG Mode;
    ULONG SizeMb;
} RAID_CACHE_V1, *PRAID_CACHE_V1;

typedef struct _RAID_CACHE_V2 {
    ULONG Mode;
    ULONG SizeMb;
    ULONG FlushIntervalMs;      // added in v2
} RAID_CACHE_V2, *PRAID_CACHE_V2;

typedef struct _RAID_ARRAY_STATUS {
    ULONG State;
    ULONG Disks;
    ULONG64 Capacity;
    ULONG64 Rebuilt;
    ULONG Errors[RAID_MAX_DISKS];
} RAID_ARRAY_STATUS, *PRAID_ARRAY_STATUS;

typedef struct _RAID_VERSION {
    ULONG Major;
    ULONG Minor;
    ULONG Firmware;
} RAID_VERSION, *PRAID_VERSION;

typedef struct _RAID_DISK {
    ULONG Port;
    ULONG Target;
} RAID_DISK, *PRAID_DISK;

typedef struct _RAID_ADD_DISKS {
    ULONG Count;
    ULONG Reserved;
    RAID_DISK Disks[1];
} RAID_ADD_DISKS, *PRAID_ADD_DISKS;

// IOCTL_RAID_WRITE_SECTORS: this header is the input (system buffer); the
// sectors are the "output" buffer, described by Irp->MdlAddress.
typedef struct _RAID_TRANSFER {
    ULONG64 Lba;
    ULONG Sectors;
    ULONG Flags;
} RAID_TRANSFER, *PRAID_TRANSFER;

typedef struct _RAID_POLICY {
    ULONG PatrolReadHours;
    ULONG RebuildPriority;
} RAID_POLICY, *PRAID_POLICY;

typedef struct _RAID_EXTENSION {
    RAID_CONFIG Config;
    RAID_CACHE_V2 Cache;
    RAID_ARRAY_STATUS Status;
    RAID_DISK Disks[RAID_MAX_DISKS];
    ULONG DiskCount;
    ULONG64 NextLba;
    ULONG64 Capacity;
    RAID_POLICY Policy;
} RAID_EXTENSION, *PRAID_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RaidUnload;
DRIVER_DISPATCH RaidCreateClose;
DRIVER_DISPATCH RaidDeviceControl;

//
// Case: no length check at all.
//
static NTSTATUS
RaidSetConfig(PRAID_EXTENSION Ext, PIRP Irp)
{
    RAID_CONFIG config;

    config = *(PRAID_CONFIG)Irp->AssociatedIrp.SystemBuffer; // expected-error{{may go past InputBufferLength}}
    if (config.Level > 10) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Config = config;
    return STATUS_SUCCESS;
}

//
// Case: the v1 size is checked and a v2 field is read.
//
static NTSTATUS
RaidSetCache(PRAID_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PRAID_CACHE_V2 cache = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(RAID_CACHE_V1)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    Ext->Cache.Mode = cache->Mode;
    Ext->Cache.SizeMb = cache->SizeMb;
    Ext->Cache.FlushIntervalMs = cache->FlushIntervalMs; // expected-error{{may go past InputBufferLength}}
    return STATUS_SUCCESS;
}

//
// Case: the input length is checked, and the reply is written as if that
// checked the output length too.
//
static NTSTATUS
RaidQueryArray(PRAID_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG arrayIndex = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (*arrayIndex != 0) {
        return STATUS_NO_SUCH_DEVICE;
    }
    *(PRAID_ARRAY_STATUS)Irp->AssociatedIrp.SystemBuffer = Ext->Status; // expected-error{{may go past OutputBufferLength}}
    Irp->IoStatus.Information = sizeof(RAID_ARRAY_STATUS);
    return STATUS_SUCCESS;
}

//
// Case: no output length check at all.
//
static NTSTATUS
RaidGetVersion(PIRP Irp)
{
    PRAID_VERSION version = Irp->AssociatedIrp.SystemBuffer;
    RAID_VERSION reply = { 3, 2, 0x20240611 };

    *version = reply; // expected-error{{may go past OutputBufferLength}}
    Irp->IoStatus.Information = sizeof(RAID_VERSION);
    return STATUS_SUCCESS;
}

//
// Case: only the fixed part of a variable-length request is checked.
//
static NTSTATUS
RaidAddDisks(PRAID_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PRAID_ADD_DISKS request = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < FIELD_OFFSET(RAID_ADD_DISKS, Disks)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->Count != 1 || Ext->DiskCount >= RAID_MAX_DISKS) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Disks[Ext->DiskCount] = request->Disks[0]; // expected-error{{may go past InputBufferLength}}
    Ext->DiskCount++;
    return STATUS_SUCCESS;
}

//
// Case: METHOD_IN_DIRECT; the transfer header in the system buffer is read
// without a check of InputBufferLength.
//
static NTSTATUS
RaidWriteSectors(PRAID_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    RAID_TRANSFER transfer;

    if (Irp->MdlAddress == NULL || IrpSp->Parameters.DeviceIoControl.OutputBufferLength == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    transfer = *(PRAID_TRANSFER)Irp->AssociatedIrp.SystemBuffer; // expected-error{{may go past InputBufferLength}}
    if (transfer.Sectors == 0 ||
        transfer.Sectors > IrpSp->Parameters.DeviceIoControl.OutputBufferLength / 512) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->NextLba = transfer.Lba + transfer.Sectors;
    return STATUS_SUCCESS;
}

//
// Case: the output check admits a ULONG and a ULONG64 is written.
//
static NTSTATUS
RaidGetCapacity(PRAID_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PULONG64)Irp->AssociatedIrp.SystemBuffer = Ext->Capacity; // expected-error{{may go past OutputBufferLength}}
    Irp->IoStatus.Information = sizeof(ULONG64);
    return STATUS_SUCCESS;
}

//
// Case: the system buffer is handed to a helper that reads it; nobody
// checked InputBufferLength. Reported in the helper.
//
static VOID
RaidApplyPolicy(PRAID_EXTENSION Ext, const RAID_POLICY *Policy)
{
    Ext->Policy = *Policy; // expected-error{{may go past InputBufferLength}}
}

static NTSTATUS
RaidSetPolicy(PRAID_EXTENSION Ext, PIRP Irp)
{
    RaidApplyPolicy(Ext, Irp->AssociatedIrp.SystemBuffer);
    return STATUS_SUCCESS;
}

NTSTATUS
RaidDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRAID_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RAID_SET_CONFIG:
        status = RaidSetConfig(ext, Irp);
        break;
    case IOCTL_RAID_SET_CACHE:
        status = RaidSetCache(ext, Irp, irpSp);
        break;
    case IOCTL_RAID_QUERY_ARRAY:
        status = RaidQueryArray(ext, Irp, irpSp);
        break;
    case IOCTL_RAID_GET_VERSION:
        status = RaidGetVersion(Irp);
        break;
    case IOCTL_RAID_ADD_DISKS:
        status = RaidAddDisks(ext, Irp, irpSp);
        break;
    case IOCTL_RAID_WRITE_SECTORS:
        status = RaidWriteSectors(ext, Irp, irpSp);
        break;
    case IOCTL_RAID_GET_CAPACITY:
        status = RaidGetCapacity(ext, Irp, irpSp);
        break;
    case IOCTL_RAID_SET_POLICY:
        status = RaidSetPolicy(ext, Irp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Information = 0;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
RaidCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
RaidUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoRaid");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoRaid");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoRaid");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(RAID_EXTENSION), &name, FILE_DEVICE_CONTROLLER,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(RAID_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RaidCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RaidCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RaidDeviceControl;
    DriverObject->DriverUnload = RaidUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
