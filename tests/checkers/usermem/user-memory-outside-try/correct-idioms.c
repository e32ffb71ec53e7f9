// drvcert-test: rules=user-memory-outside-try
//
// User memory touched only under an exception handler, in a GPIO expander
// driver with METHOD_NEITHER IOCTLs: probes and accesses inside
// __try/__except (EXCEPTION_EXECUTE_HANDLER), a helper without a handler of
// its own called from inside its caller's __try, a helper with its own
// handler called from anywhere, an __except whose filter is a function
// that returns EXCEPTION_EXECUTE_HANDLER, a __try/__finally nested inside a
// __try/__except, and kernel memory (the system buffer, a captured copy,
// the system address of a probed and locked MDL) used after the handler.
// No finding.

#include <ntddk.h>

#define GPX_PINS 32
#define GPX_MAX_SEQUENCE 64

#define IOCTL_GPX_SET_PIN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_GPX_GET_PINS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_GPX_SET_DIRECTIONS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_GPX_SET_PULLS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_GPX_READ_LOCKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA04, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_GPX_PLAY_SEQUENCE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA05, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_GPX_SET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA06, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_GPX_SET_DEBOUNCE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA07, METHOD_NEITHER, FILE_WRITE_DATA)

typedef struct _GPX_PIN_REQUEST {
    ULONG Pin;
    ULONG Value;
} GPX_PIN_REQUEST, *PGPX_PIN_REQUEST;

typedef struct _GPX_STEP {
    ULONG Pin;
    ULONG Value;
    ULONG DelayUs;
} GPX_STEP, *PGPX_STEP;

typedef struct _GPX_SEQUENCE {
    ULONG Count;
    GPX_STEP Steps[1];
} GPX_SEQUENCE, *PGPX_SEQUENCE;

typedef struct _GPX_NAME {
    WCHAR Name[16];
} GPX_NAME, *PGPX_NAME;

typedef struct _GPX_EXTENSION {
    ULONG Values;
    ULONG Directions;
    ULONG Pulls;
    ERESOURCE Lock;
    GPX_STEP Sequence[GPX_MAX_SEQUENCE];
    ULONG SequenceLength;
    WCHAR Name[16];
    ULONG DebounceUs[GPX_PINS];
} GPX_EXTENSION, *PGPX_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GpxUnload;
DRIVER_DISPATCH GpxCreateClose;
DRIVER_DISPATCH GpxDeviceControl;

// Probe and access inside __try/__except.
static NTSTATUS
GpxSetPin(PGPX_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PGPX_PIN_REQUEST userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    GPX_PIN_REQUEST request;

    __try {
        ProbeForRead(userRequest, sizeof(GPX_PIN_REQUEST), TYPE_ALIGNMENT(GPX_PIN_REQUEST)); // no-warning
        request = *userRequest; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (request.Pin >= GPX_PINS) {
        return STATUS_INVALID_PARAMETER;
    }
    if (request.Value) {
        Ext->Values |= 1u << request.Pin;
    } else {
        Ext->Values &= ~(1u << request.Pin);
    }
    return STATUS_SUCCESS;
}

// A helper with no handler of its own, called only from inside its
// caller's __try.
static VOID
GpxStorePins(PGPX_EXTENSION Ext, PULONG UserValues)
{
    ProbeForWrite(UserValues, sizeof(ULONG), sizeof(ULONG)); // no-warning
    *UserValues = Ext->Values; // no-warning
}

static NTSTATUS
GpxGetPins(PGPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        GpxStorePins(Ext, Irp->UserBuffer);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(ULONG);
    }
    return status;
}

// A helper with its own handler, called outside any __try.
static NTSTATUS
GpxCaptureUlong(PVOID UserAddress, PULONG Value)
{
    __try {
        ProbeForRead(UserAddress, sizeof(ULONG), sizeof(ULONG)); // no-warning
        *Value = *(PULONG)UserAddress; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
GpxSetDirections(PGPX_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    ULONG directions;
    NTSTATUS status;

    status = GpxCaptureUlong(IrpSp->Parameters.DeviceIoControl.Type3InputBuffer, &directions);
    if (NT_SUCCESS(status)) {
        Ext->Directions = directions;
    }
    return status;
}

// An exception filter function that logs and handles every exception.
static LONG
GpxExceptionFilter(NTSTATUS Code)
{
    UNREFERENCED_PARAMETER(Code);
    KdPrint(("Gpx: exception 0x%08X accessing the caller's buffer\n", (ULONG)Code));
    return EXCEPTION_EXECUTE_HANDLER;
}

static NTSTATUS
GpxSetPulls(PGPX_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PULONG userPulls = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG pulls;

    __try {
        ProbeForRead(userPulls, sizeof(ULONG), sizeof(ULONG)); // no-warning
        pulls = *userPulls; // no-warning
    } __except (GpxExceptionFilter(GetExceptionCode())) {
        return STATUS_INVALID_USER_BUFFER;
    }
    Ext->Pulls = pulls;
    return STATUS_SUCCESS;
}

// A __try/__finally (for the lock) nested in a __try/__except (for the
// caller's buffer).
static NTSTATUS
GpxReadLocked(PGPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PULONG userState = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < 3 * sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    KeEnterCriticalRegion();
    __try {
        ProbeForWrite(userState, 3 * sizeof(ULONG), sizeof(ULONG)); // no-warning
        ExAcquireResourceSharedLite(&Ext->Lock, TRUE);
        __try {
            userState[0] = Ext->Values; // no-warning
            userState[1] = Ext->Directions; // no-warning
            userState[2] = Ext->Pulls; // no-warning
        } __finally {
            ExReleaseResourceLite(&Ext->Lock);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeLeaveCriticalRegion();
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = 3 * sizeof(ULONG);
    }
    return status;
}

// The caller's pages are probed and locked inside __try; their system
// address is kernel memory and is used after the handler.
static NTSTATUS
GpxPlaySequence(PGPX_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PVOID userSequence = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PGPX_SEQUENCE sequence;
    PMDL mdl;
    ULONG count;
    NTSTATUS status = STATUS_SUCCESS;

    if (inLength < sizeof(GPX_SEQUENCE) || inLength > sizeof(GPX_SEQUENCE) * GPX_MAX_SEQUENCE) {
        return STATUS_INVALID_PARAMETER;
    }
    mdl = IoAllocateMdl(userSequence, inLength, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        MmProbeAndLockPages(mdl, UserMode, IoReadAccess); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        IoFreeMdl(mdl);
        return status;
    }
    sequence = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (sequence == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        count = sequence->Count; // no-warning
        if (count == 0 || count > GPX_MAX_SEQUENCE ||
            (inLength - FIELD_OFFSET(GPX_SEQUENCE, Steps)) / sizeof(GPX_STEP) < count) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            RtlCopyMemory(Ext->Sequence, sequence->Steps, count * sizeof(GPX_STEP)); // no-warning
            Ext->SequenceLength = count;
        }
    }
    MmUnlockPages(mdl);
    IoFreeMdl(mdl);
    return status;
}

// METHOD_BUFFERED: the system buffer is kernel memory.
static NTSTATUS
GpxSetName(PGPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PGPX_NAME name = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(GPX_NAME)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    name->Name[RTL_NUMBER_OF(name->Name) - 1] = L'\0'; // no-warning
    RtlCopyMemory(Ext->Name, name->Name, sizeof(Ext->Name)); // no-warning
    return STATUS_SUCCESS;
}

// Captured inside __try; the captured copy is used after it.
static NTSTATUS
GpxSetDebounce(PGPX_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PGPX_PIN_REQUEST userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    GPX_PIN_REQUEST request;

    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(userRequest, sizeof(GPX_PIN_REQUEST), TYPE_ALIGNMENT(GPX_PIN_REQUEST)); // no-warning
        }
        request = *userRequest; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (request.Pin >= GPX_PINS || request.Value > 100000) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->DebounceUs[request.Pin] = request.Value; // no-warning
    return STATUS_SUCCESS;
}

NTSTATUS
GpxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PGPX_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_GPX_SET_PIN:
        status = GpxSetPin(ext, irpSp);
        break;
    case IOCTL_GPX_GET_PINS:
        status = GpxGetPins(ext, Irp, irpSp);
        break;
    case IOCTL_GPX_SET_DIRECTIONS:
        status = GpxSetDirections(ext, irpSp);
        break;
    case IOCTL_GPX_SET_PULLS:
        status = GpxSetPulls(ext, irpSp);
        break;
    case IOCTL_GPX_READ_LOCKED:
        status = GpxReadLocked(ext, Irp, irpSp);
        break;
    case IOCTL_GPX_PLAY_SEQUENCE:
        status = GpxPlaySequence(ext, irpSp);
        break;
    case IOCTL_GPX_SET_NAME:
        status = GpxSetName(ext, Irp, irpSp);
        break;
    case IOCTL_GPX_SET_DEBOUNCE:
        status = GpxSetDebounce(ext, Irp, irpSp);
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
GpxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
GpxUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\GpioExpander");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ExDeleteResourceLite(&((PGPX_EXTENSION)deviceObject->DeviceExtension)->Lock);
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\GpioExpander");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\GpioExpander");
    PDEVICE_OBJECT deviceObject;
    PGPX_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(GPX_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(GPX_EXTENSION));
    ExInitializeResourceLite(&ext->Lock);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        ExDeleteResourceLite(&ext->Lock);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GpxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GpxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GpxDeviceControl;
    DriverObject->DriverUnload = GpxUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
