// drvcert-test: rules=user-pointer-unprobed
//
// User addresses used without a probe, in a system-tuning utility driver of
// the kind hardware vendors ship: METHOD_NEITHER IOCTLs whose
// Type3InputBuffer and Irp->UserBuffer are the caller's own addresses, and
// METHOD_BUFFERED IOCTLs whose request carries pointers into the caller's
// address space. Every handler accesses user memory inside __try/__except,
// as the driver's authors knew to do; what they forgot is the probe, so a
// caller can pass a kernel address and make the driver read or write it.
//
// Each handler uses its user pointer once, so that each case is one
// finding.

#include <ntddk.h>

#define TUN_TAG 'nuTX'
#define TUN_MAX_PROFILES 8
#define TUN_MAX_PIDS 64
#define TUN_COUNTER_COUNT 16
#define TUN_DEFAULT_THERMAL_LIMIT 95

#define IOCTL_TUN_SET_PROFILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_TUN_GET_STATISTICS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_TUN_READ_COUNTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_TUN_COPY_SNAPSHOT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_TUN_LOAD_CURVE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_TUN_SET_ENTRY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_TUN_SET_LIMITS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_TUN_SET_PID_LIST \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x907, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_TUN_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x908, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)

typedef struct _TUN_PROFILE {
    ULONG ProfileId;
    ULONG Flags;
} TUN_PROFILE, *PTUN_PROFILE;

typedef struct _TUN_STATISTICS {
    ULONG64 Samples;
    ULONG64 Throttles;
    ULONG64 ProfileSwitches;
} TUN_STATISTICS, *PTUN_STATISTICS;

typedef struct _TUN_COPY_REQUEST {
    PVOID Destination;      // the caller's buffer that receives the snapshot
    ULONG Length;
    ULONG Reserved;
} TUN_COPY_REQUEST, *PTUN_COPY_REQUEST;

typedef struct _TUN_CURVE {
    ULONG Points;
    USHORT Temperature[8];
    USHORT FanDuty[8];
} TUN_CURVE, *PTUN_CURVE;

typedef struct _TUN_ENTRY {
    ULONG Index;
    ULONG Value;
} TUN_ENTRY, *PTUN_ENTRY;

typedef struct _TUN_TABLE_UPDATE {
    ULONG Version;
    ULONG Reserved;
    TUN_ENTRY Entry;
} TUN_TABLE_UPDATE, *PTUN_TABLE_UPDATE;

typedef struct _TUN_LIMITS_V1 {
    ULONG PowerLimit;
} TUN_LIMITS_V1, *PTUN_LIMITS_V1;

typedef struct _TUN_LIMITS_V2 {
    ULONG PowerLimit;
    ULONG ThermalLimit;
} TUN_LIMITS_V2, *PTUN_LIMITS_V2;

typedef struct _TUN_PID_LIST {
    ULONG Count;
    ULONG Pids[1];
} TUN_PID_LIST, *PTUN_PID_LIST;

typedef struct _TUN_QUERY {
    ULONG Selector;
} TUN_QUERY, *PTUN_QUERY;

typedef struct _TUN_REPLY {
    ULONG Selector;
    ULONG Result;
} TUN_REPLY, *PTUN_REPLY;

typedef struct _TUN_EXTENSION {
    ULONG ActiveProfile;
    TUN_STATISTICS Stats;
    ULONG64 Counters[TUN_COUNTER_COUNT];
    UCHAR Snapshot[512];
    TUN_CURVE Curve;
    ULONG Table[32];
    ULONG PowerLimit;
    ULONG ThermalLimit;
    ULONG Pids[TUN_MAX_PIDS];
    ULONG PidCount;
} TUN_EXTENSION, *PTUN_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TunUnload;
DRIVER_DISPATCH TunCreateClose;
DRIVER_DISPATCH TunDeviceControl;

//
// Case: METHOD_NEITHER input read through a structure field.
//
static NTSTATUS
TunSetProfile(PTUN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PTUN_PROFILE userProfile = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG profileId = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TUN_PROFILE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        profileId = userProfile->ProfileId; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (profileId >= TUN_MAX_PROFILES) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->ActiveProfile = profileId;
    return STATUS_SUCCESS;
}

//
// Case: METHOD_NEITHER output; Irp->UserBuffer is the destination of a copy.
//
static NTSTATUS
TunGetStatistics(PTUN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TUN_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        RtlCopyMemory(Irp->UserBuffer, &Ext->Stats, sizeof(TUN_STATISTICS)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(TUN_STATISTICS);
    }
    return status;
}

//
// Case: the input (a counter index) is probed; the output is written at
// that index in the caller's counter table, which nobody probed.
//
static NTSTATUS
TunReadCounter(PTUN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG userIndex = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PULONG64 userTable = Irp->UserBuffer;
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG index = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userIndex, sizeof(ULONG), sizeof(ULONG));
        index = *userIndex;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (index >= TUN_COUNTER_COUNT || outLength / sizeof(ULONG64) <= index) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        userTable[index] = Ext->Counters[index]; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = ((ULONG_PTR)index + 1) * sizeof(ULONG64);
    }
    return status;
}

//
// Case: the RTCore64 / DBUtil shape. The METHOD_BUFFERED request (kernel
// memory) carries the address to copy to; memmove writes wherever the
// caller pointed, kernel addresses included.
//
static NTSTATUS
TunCopySnapshot(PTUN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PTUN_COPY_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TUN_COPY_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (request->Length > sizeof(Ext->Snapshot)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        memmove(request->Destination, Ext->Snapshot, request->Length); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Case: the caller's curve is captured into a kernel local, but the source
// of the capture was never probed.
//
static NTSTATUS
TunLoadCurve(PTUN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PVOID userCurve = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    TUN_CURVE curve;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(TUN_CURVE)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    __try {
        RtlCopyMemory(&curve, userCurve, sizeof(curve)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (curve.Points == 0 || curve.Points > RTL_NUMBER_OF(curve.Temperature)) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Curve = curve;
    return STATUS_SUCCESS;
}

//
// Case: the entry is reached by pointer arithmetic on the user address.
//
static NTSTATUS
TunSetEntry(PTUN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PUCHAR userUpdate = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PTUN_ENTRY userEntry;
    TUN_ENTRY entry;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TUN_TABLE_UPDATE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    userEntry = (PTUN_ENTRY)(userUpdate + FIELD_OFFSET(TUN_TABLE_UPDATE, Entry));
    __try {
        entry = *userEntry; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (entry.Index >= RTL_NUMBER_OF(Ext->Table)) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Table[entry.Index] = entry.Value;
    return STATUS_SUCCESS;
}

//
// Case: the probe was added with the v2 structure and only runs for v2
// callers; a v1-sized request reaches the read unprobed.
//
static NTSTATUS
TunSetLimits(PTUN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PTUN_LIMITS_V2 userLimits = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG powerLimit = 0;
    ULONG thermalLimit = TUN_DEFAULT_THERMAL_LIMIT;
    NTSTATUS status = STATUS_SUCCESS;

    if (inLength < sizeof(TUN_LIMITS_V1)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        if (inLength >= sizeof(TUN_LIMITS_V2)) {
            ProbeForRead(userLimits, sizeof(TUN_LIMITS_V2), TYPE_ALIGNMENT(TUN_LIMITS_V2));
            thermalLimit = userLimits->ThermalLimit;
        }
        powerLimit = userLimits->PowerLimit; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Ext->PowerLimit = powerLimit;
    Ext->ThermalLimit = thermalLimit;
    return STATUS_SUCCESS;
}

//
// Case: the count is read to size the probe, before the probe.
//
static NTSTATUS
TunSetPidList(PTUN_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PTUN_PID_LIST userList = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG pids[TUN_MAX_PIDS];
    ULONG count = 0;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TUN_PID_LIST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        count = userList->Count; // expected-error{{without ProbeForRead/ProbeForWrite}}
        if (count != 0 && count <= TUN_MAX_PIDS) {
            ProbeForRead(userList, FIELD_OFFSET(TUN_PID_LIST, Pids) + count * sizeof(ULONG), sizeof(ULONG));
            RtlCopyMemory(pids, userList->Pids, count * sizeof(ULONG));
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (count == 0 || count > TUN_MAX_PIDS) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Pids, pids, count * sizeof(ULONG));
    Ext->PidCount = count;
    return STATUS_SUCCESS;
}

//
// Case: the input is probed, the output is not.
//
static NTSTATUS
TunQuery(PTUN_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PTUN_QUERY userQuery = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PTUN_REPLY userReply = Irp->UserBuffer;
    TUN_REPLY reply;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TUN_QUERY) ||
        IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TUN_REPLY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userQuery, sizeof(TUN_QUERY), TYPE_ALIGNMENT(TUN_QUERY));
        reply.Selector = userQuery->Selector;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    reply.Result = reply.Selector < TUN_COUNTER_COUNT ? (ULONG)Ext->Counters[reply.Selector] : 0;
    __try {
        *userReply = reply; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(TUN_REPLY);
    }
    return status;
}

NTSTATUS
TunDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PTUN_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TUN_SET_PROFILE:
        status = TunSetProfile(ext, irpSp);
        break;
    case IOCTL_TUN_GET_STATISTICS:
        status = TunGetStatistics(ext, Irp, irpSp);
        break;
    case IOCTL_TUN_READ_COUNTER:
        status = TunReadCounter(ext, Irp, irpSp);
        break;
    case IOCTL_TUN_COPY_SNAPSHOT:
        status = TunCopySnapshot(ext, Irp, irpSp);
        break;
    case IOCTL_TUN_LOAD_CURVE:
        status = TunLoadCurve(ext, irpSp);
        break;
    case IOCTL_TUN_SET_ENTRY:
        status = TunSetEntry(ext, irpSp);
        break;
    case IOCTL_TUN_SET_LIMITS:
        status = TunSetLimits(ext, irpSp);
        break;
    case IOCTL_TUN_SET_PID_LIST:
        status = TunSetPidList(ext, irpSp);
        break;
    case IOCTL_TUN_QUERY:
        status = TunQuery(ext, Irp, irpSp);
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
TunCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
TunUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\TuneUtil");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\TuneUtil");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\TuneUtil");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(TUN_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(TUN_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TunCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TunCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TunDeviceControl;
    DriverObject->DriverUnload = TunUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
