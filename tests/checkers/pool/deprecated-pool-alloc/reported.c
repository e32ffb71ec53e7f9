// drvcert-test: rules=deprecated-pool-alloc
//
// Calls to the deprecated ExAllocatePool* routines that must be reported, in a
// small WDM sensor driver. Every pool type used here is either NX or paged, or
// is not a compile-time constant, so every finding gets the "uninitialized
// pool" message. Executable NonPagedPool types are in executable-pool.c.

#include <ntddk.h>

#define SENSOR_TAG 'rsnS'
#define SENSOR_HISTORY_LENGTH 256
#define SENSOR_MAX_FILTER_TAPS 64

#define IOCTL_SENSOR_GET_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_SENSOR_GET_HISTORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_SENSOR_SET_FILTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SENSOR_SET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SENSOR_SET_THRESHOLDS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x804, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _SENSOR_CONFIG {
    ULONG Version;
    ULONG SampleRate;
    UCHAR Mode;         // followed by 3 padding bytes
    ULONG Flags;
} SENSOR_CONFIG, *PSENSOR_CONFIG;

typedef struct _SENSOR_SAMPLE {
    LARGE_INTEGER Timestamp;
    LONG Value;
} SENSOR_SAMPLE, *PSENSOR_SAMPLE;

typedef struct _SENSOR_FILTER {
    ULONG TapCount;
    LONG Taps[ANYSIZE_ARRAY];
} SENSOR_FILTER, *PSENSOR_FILTER;

typedef struct _SENSOR_EXTENSION {
    PDEVICE_OBJECT Self;
    KSPIN_LOCK Lock;
    PSENSOR_SAMPLE History;
    ULONG HistoryCount;
    PSENSOR_FILTER Filter;
    PLONG Thresholds;
    UNICODE_STRING FriendlyName;
    ULONG SampleRate;
    UCHAR Mode;
} SENSOR_EXTENSION, *PSENSOR_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SensorUnload;
DRIVER_DISPATCH SensorCreateClose;
DRIVER_DISPATCH SensorDeviceControl;

// Chosen once in DriverEntry: not a compile-time constant at the call sites.
static POOL_TYPE SensorNonPagedPoolType = NonPagedPoolNx;

//
// Case: the pool type is a parameter, so its value is unknown at the call:
// the "uninitialized pool" message, whatever callers pass.
//
static PVOID
SensorAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, SENSOR_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory}}
}

//
// Case: IOCTL_SENSOR_GET_CONFIG builds its reply in a pool block whose padding
// bytes are never written, then copies the whole structure to the caller.
//
static NTSTATUS
SensorGetConfig(PSENSOR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PSENSOR_CONFIG config;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SENSOR_CONFIG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    config = ExAllocatePoolWithTag(PagedPool, sizeof(SENSOR_CONFIG), SENSOR_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2', which zeroes the allocation}}
    if (config == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    config->Version = 1;
    config->SampleRate = Ext->SampleRate;
    config->Mode = Ext->Mode;
    config->Flags = 0;

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, config, sizeof(SENSOR_CONFIG));
    Irp->IoStatus.Information = sizeof(SENSOR_CONFIG);
    ExFreePoolWithTag(config, SENSOR_TAG);
    return STATUS_SUCCESS;
}

//
// Case: the untagged ExAllocatePool, used for a snapshot of the history ring.
//
static NTSTATUS
SensorGetHistory(PSENSOR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG count = outLength / sizeof(SENSOR_SAMPLE);
    PSENSOR_SAMPLE snapshot;
    KIRQL oldIrql;

    if (count == 0) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (count > SENSOR_HISTORY_LENGTH) {
        count = SENSOR_HISTORY_LENGTH;
    }

    snapshot = ExAllocatePool(SensorNonPagedPoolType, count * sizeof(SENSOR_SAMPLE)); // expected-error{{'ExAllocatePool' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2'}}
    if (snapshot == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    if (count > Ext->HistoryCount) {
        count = Ext->HistoryCount;
    }
    RtlCopyMemory(snapshot, Ext->History, count * sizeof(SENSOR_SAMPLE));
    KeReleaseSpinLock(&Ext->Lock, oldIrql);

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, snapshot, count * sizeof(SENSOR_SAMPLE));
    Irp->IoStatus.Information = count * sizeof(SENSOR_SAMPLE);
    ExFreePool(snapshot);
    return STATUS_SUCCESS;
}

//
// Case: the caller's filter is captured into a block charged to its quota.
// ExAllocatePoolWithQuotaTag raises on failure, hence the __try.
//
static NTSTATUS
SensorSetFilter(PSENSOR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PSENSOR_FILTER input = Irp->AssociatedIrp.SystemBuffer;
    PSENSOR_FILTER filter = NULL;
    PSENSOR_FILTER old;
    KIRQL oldIrql;

    if (inLength < FIELD_OFFSET(SENSOR_FILTER, Taps) ||
        input->TapCount == 0 || input->TapCount > SENSOR_MAX_FILTER_TAPS ||
        inLength < FIELD_OFFSET(SENSOR_FILTER, Taps) + input->TapCount * sizeof(LONG)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        filter = ExAllocatePoolWithQuotaTag(NonPagedPoolNx, inLength, SENSOR_TAG); // expected-error{{'ExAllocatePoolWithQuotaTag' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool2'}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    RtlCopyMemory(filter, input, inLength);

    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    old = Ext->Filter;
    Ext->Filter = filter;
    KeReleaseSpinLock(&Ext->Lock, oldIrql);

    if (old != NULL) {
        ExFreePoolWithTag(old, SENSOR_TAG);
    }
    return STATUS_SUCCESS;
}

//
// Case: ExAllocatePoolWithQuota with POOL_QUOTA_FAIL_INSTEAD_OF_RAISE (a paged
// pool type with bit 0 set): the ordinary message. The allocation sits in the
// condition of the if statement.
//
static NTSTATUS
SensorSetName(PSENSOR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PWCHAR name;

    if (inLength == 0 || inLength > MAXUSHORT || (inLength % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    if ((name = ExAllocatePoolWithQuota(PagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE, inLength)) == NULL) { // expected-error{{'ExAllocatePoolWithQuota' is deprecated and returns uninitialized pool memory}}
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(name, Irp->AssociatedIrp.SystemBuffer, inLength);

    if (Ext->FriendlyName.Buffer != NULL) {
        ExFreePool(Ext->FriendlyName.Buffer);
    }
    Ext->FriendlyName.Buffer = name;
    Ext->FriendlyName.Length = (USHORT)inLength;
    Ext->FriendlyName.MaximumLength = (USHORT)inLength;
    return STATUS_SUCCESS;
}

//
// Case: ExAllocatePoolWithTagPriority is replaced by ExAllocatePool3, which
// takes the priority as an extended parameter.
//
static NTSTATUS
SensorSetThresholds(PSENSOR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PLONG thresholds;

    if (inLength == 0 || inLength > SENSOR_MAX_FILTER_TAPS * sizeof(LONG)) {
        return STATUS_INVALID_PARAMETER;
    }

    thresholds = ExAllocatePoolWithTagPriority(NonPagedPoolNx, inLength, SENSOR_TAG, LowPoolPriority); // expected-error{{'ExAllocatePoolWithTagPriority' is deprecated and returns uninitialized pool memory that can leak kernel data to callers; use 'ExAllocatePool3', which zeroes the allocation}}
    if (thresholds == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(thresholds, Irp->AssociatedIrp.SystemBuffer, inLength);
    if (Ext->Thresholds != NULL) {
        ExFreePoolWithTag(Ext->Thresholds, SENSOR_TAG);
    }
    Ext->Thresholds = thresholds;
    return STATUS_SUCCESS;
}

NTSTATUS
SensorDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSENSOR_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SENSOR_GET_CONFIG:
        status = SensorGetConfig(ext, Irp, irpSp);
        break;
    case IOCTL_SENSOR_GET_HISTORY:
        status = SensorGetHistory(ext, Irp, irpSp);
        break;
    case IOCTL_SENSOR_SET_FILTER:
        status = SensorSetFilter(ext, Irp, irpSp);
        break;
    case IOCTL_SENSOR_SET_NAME:
        status = SensorSetName(ext, Irp, irpSp);
        break;
    case IOCTL_SENSOR_SET_THRESHOLDS:
        status = SensorSetThresholds(ext, Irp, irpSp);
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
SensorCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
SensorUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\Sensor");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PSENSOR_EXTENSION ext;

    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->History != NULL) {
            ExFreePoolWithTag(ext->History, SENSOR_TAG);
        }
        if (ext->Filter != NULL) {
            ExFreePoolWithTag(ext->Filter, SENSOR_TAG);
        }
        if (ext->Thresholds != NULL) {
            ExFreePoolWithTag(ext->Thresholds, SENSOR_TAG);
        }
        if (ext->FriendlyName.Buffer != NULL) {
            ExFreePool(ext->FriendlyName.Buffer);
        }
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\Sensor");
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\Sensor");
    PDEVICE_OBJECT deviceObject;
    PSENSOR_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    // Case: the pool type comes from a run-time version check, a common
    // way to pick NonPagedPoolNx on Windows 8 and later: not a constant.
    SensorNonPagedPoolType = RtlIsNtDdiVersionAvailable(NTDDI_WIN8) ? NonPagedPoolNx : NonPagedPool;

    status = IoCreateDevice(DriverObject, sizeof(SENSOR_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = deviceObject;
    ext->SampleRate = 100;
    KeInitializeSpinLock(&ext->Lock);

    // Case: the NX history ring, allocated in DriverEntry.
    ext->History = ExAllocatePoolWithTag(SensorNonPagedPoolType, SENSOR_HISTORY_LENGTH * sizeof(SENSOR_SAMPLE), SENSOR_TAG); // expected-error{{'ExAllocatePoolWithTag' is deprecated and returns uninitialized pool memory}}
    if (ext->History == NULL) {
        IoDeleteDevice(deviceObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // Case: a call through the local helper: the helper's call is reported
    // (above), the helper call here is not a pool routine.
    ext->Filter = SensorAllocate(NonPagedPoolNx, FIELD_OFFSET(SENSOR_FILTER, Taps) + sizeof(LONG)); // no-warning
    if (ext->Filter != NULL) {
        ext->Filter->TapCount = 1;
        ext->Filter->Taps[0] = 1;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        if (ext->Filter != NULL) {
            ExFreePoolWithTag(ext->Filter, SENSOR_TAG);
        }
        ExFreePoolWithTag(ext->History, SENSOR_TAG);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SensorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SensorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SensorDeviceControl;
    DriverObject->DriverUnload = SensorUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
