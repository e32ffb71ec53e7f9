// drvcert-test: rules=ioctl-buffer-size-unchecked
//
// System-buffer accesses covered by a length check on their path, in a
// UPS monitoring driver: early returns on InputBufferLength or
// OutputBufferLength, a guarded block, an exact-size check, both lengths
// checked for an in/out structure (METHOD_BUFFERED input and output share
// the buffer), a variable-length request checked against its count, a
// check made in the dispatch routine before a helper reads, and the input
// header of a METHOD_OUT_DIRECT request. No finding.

#include <ntddk.h>

#define UPS_MAX_EVENTS 32

#define IOCTL_UPS_SET_THRESHOLDS \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_UPS_SET_BEEPER \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_UPS_SET_SCHEDULE \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_UPS_GET_STATUS \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x903, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_UPS_QUERY_OUTLET \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x904, METHOD_BUFFERED, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_UPS_ACK_EVENTS \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x905, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_UPS_SET_NAME \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x906, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_UPS_READ_LOG \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x907, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_UPS_GET_RUNTIME \
    CTL_CODE(FILE_DEVICE_BATTERY, 0x908, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _UPS_THRESHOLDS {
    ULONG LowBatteryPercent;
    ULONG ShutdownPercent;
} UPS_THRESHOLDS, *PUPS_THRESHOLDS;

typedef struct _UPS_SCHEDULE {
    ULONG ShutdownAtMinute;
    ULONG RestartAtMinute;
    ULONG Days;
} UPS_SCHEDULE, *PUPS_SCHEDULE;

typedef struct _UPS_STATUS {
    ULONG OnBattery;
    ULONG ChargePercent;
    ULONG LoadPercent;
    ULONG RuntimeSeconds;
} UPS_STATUS, *PUPS_STATUS;

typedef struct _UPS_OUTLET_QUERY {
    ULONG Outlet;
} UPS_OUTLET_QUERY, *PUPS_OUTLET_QUERY;

typedef struct _UPS_OUTLET_STATE {
    ULONG Outlet;
    ULONG Powered;
    ULONG Watts;
} UPS_OUTLET_STATE, *PUPS_OUTLET_STATE;

typedef struct _UPS_EVENT_ACK {
    ULONG Count;
    ULONG EventIds[1];
} UPS_EVENT_ACK, *PUPS_EVENT_ACK;

typedef struct _UPS_NAME {
    WCHAR Name[32];
} UPS_NAME, *PUPS_NAME;

typedef struct _UPS_LOG_QUERY {
    ULONG FirstRecord;
    ULONG Flags;
} UPS_LOG_QUERY, *PUPS_LOG_QUERY;

typedef struct _UPS_EXTENSION {
    UPS_THRESHOLDS Thresholds;
    BOOLEAN BeeperEnabled;
    UPS_SCHEDULE Schedule;
    UPS_STATUS Status;
    UPS_OUTLET_STATE Outlets[8];
    ULONG PendingEvents[UPS_MAX_EVENTS];
    WCHAR Name[32];
    ULONG LogCursor;
} UPS_EXTENSION, *PUPS_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UpsUnload;
DRIVER_DISPATCH UpsCreateClose;
DRIVER_DISPATCH UpsDeviceControl;

// Early return on InputBufferLength < sizeof(T).
static NTSTATUS
UpsSetThresholds(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUPS_THRESHOLDS thresholds = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(UPS_THRESHOLDS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (thresholds->ShutdownPercent >= thresholds->LowBatteryPercent) { // no-warning
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Thresholds = *thresholds; // no-warning
    return STATUS_SUCCESS;
}

// The check as a guarded block.
static NTSTATUS
UpsSetBeeper(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
        Ext->BeeperEnabled = *(PULONG)Irp->AssociatedIrp.SystemBuffer != 0; // no-warning
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_TOO_SMALL;
}

// An exact-size check, through a local copy of the length.
static NTSTATUS
UpsSetSchedule(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    UPS_SCHEDULE schedule;

    if (inLength != sizeof(UPS_SCHEDULE)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    schedule = *(PUPS_SCHEDULE)Irp->AssociatedIrp.SystemBuffer; // no-warning
    if (schedule.ShutdownAtMinute >= 24 * 60 || schedule.RestartAtMinute >= 24 * 60) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Schedule = schedule;
    return STATUS_SUCCESS;
}

// Writes after an OutputBufferLength check.
static NTSTATUS
UpsGetStatus(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUPS_STATUS status = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(UPS_STATUS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status->OnBattery = Ext->Status.OnBattery; // no-warning
    status->ChargePercent = Ext->Status.ChargePercent; // no-warning
    status->LoadPercent = Ext->Status.LoadPercent; // no-warning
    status->RuntimeSeconds = Ext->Status.RuntimeSeconds; // no-warning
    Irp->IoStatus.Information = sizeof(UPS_STATUS);
    return STATUS_SUCCESS;
}

// In/out: the query is read within InputBufferLength, the reply written
// within OutputBufferLength, in the same system buffer.
static NTSTATUS
UpsQueryOutlet(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG outlet;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(UPS_OUTLET_QUERY) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(UPS_OUTLET_STATE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    outlet = ((PUPS_OUTLET_QUERY)buffer)->Outlet; // no-warning
    if (outlet >= RTL_NUMBER_OF(Ext->Outlets)) {
        return STATUS_INVALID_PARAMETER;
    }
    *(PUPS_OUTLET_STATE)buffer = Ext->Outlets[outlet]; // no-warning
    Irp->IoStatus.Information = sizeof(UPS_OUTLET_STATE);
    return STATUS_SUCCESS;
}

// A variable-length request: the count is checked against what the buffer
// holds (in the subtraction form, which cannot wrap) before the first
// entry is read.
static NTSTATUS
UpsAckEvents(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUPS_EVENT_ACK ack = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG count;
    ULONG first;

    if (inLength < FIELD_OFFSET(UPS_EVENT_ACK, EventIds)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    count = ack->Count; // no-warning
    if (count == 0 || count > (inLength - FIELD_OFFSET(UPS_EVENT_ACK, EventIds)) / sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    first = ack->EventIds[0]; // no-warning
    if (first < UPS_MAX_EVENTS) {
        Ext->PendingEvents[first] = 0;
    }
    return STATUS_SUCCESS;
}

// The dispatch routine checks the length; the helper reads.
static VOID
UpsStoreName(PUPS_EXTENSION Ext, PUPS_NAME Name)
{
    Name->Name[RTL_NUMBER_OF(Name->Name) - 1] = L'\0'; // no-warning
    RtlCopyMemory(Ext->Name, Name->Name, sizeof(Ext->Name)); // no-warning
}

// METHOD_OUT_DIRECT: the query header is the system buffer, checked
// against InputBufferLength.
static NTSTATUS
UpsReadLog(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUPS_LOG_QUERY query = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(UPS_LOG_QUERY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    Ext->LogCursor = query->FirstRecord; // no-warning
    return STATUS_SUCCESS;
}

// The reply is written only when the caller's buffer holds it.
static NTSTATUS
UpsGetRuntime(PUPS_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;

    if (outLength >= sizeof(ULONG)) {
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = Ext->Status.RuntimeSeconds; // no-warning
        Irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS
UpsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PUPS_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_UPS_SET_THRESHOLDS:
        status = UpsSetThresholds(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_SET_BEEPER:
        status = UpsSetBeeper(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_SET_SCHEDULE:
        status = UpsSetSchedule(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_GET_STATUS:
        status = UpsGetStatus(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_QUERY_OUTLET:
        status = UpsQueryOutlet(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_ACK_EVENTS:
        status = UpsAckEvents(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_SET_NAME:
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(UPS_NAME)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        UpsStoreName(ext, Irp->AssociatedIrp.SystemBuffer);
        status = STATUS_SUCCESS;
        break;
    case IOCTL_UPS_READ_LOG:
        status = UpsReadLog(ext, Irp, irpSp);
        break;
    case IOCTL_UPS_GET_RUNTIME:
        status = UpsGetRuntime(ext, Irp, irpSp);
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
UpsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
UpsUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoUps");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoUps");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoUps");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(UPS_EXTENSION), &name, FILE_DEVICE_BATTERY,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(UPS_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = UpsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UpsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = UpsDeviceControl;
    DriverObject->DriverUnload = UpsUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
