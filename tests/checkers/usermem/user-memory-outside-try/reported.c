// drvcert-test: rules=user-memory-outside-try
//
// User memory touched outside any __try/__except, in a performance-counter
// driver with METHOD_NEITHER IOCTLs and a fast I/O path. ProbeForRead and
// ProbeForWrite raise an exception for a bad address, MmProbeAndLockPages
// raises one when the pages cannot be locked, and any access to a user
// address raises one when another thread of the caller unmaps or protects
// the page. Outside __try/__except (and a __try/__finally does not count:
// it has no handler) the exception is unhandled and bugchecks the machine,
// which any unprivileged caller can do at will.
//
// Every path starts at the dispatch routine or the fast I/O routine below,
// and nothing up the call chain catches the exception. Each case has one
// unprotected operation; the others in the handler are protected.

#include <ntddk.h>

#define PC_TAG 'cPfX'
#define PC_MAX_COUNTERS 32
#define PC_MAX_TRACE (16 * 1024)

#define IOCTL_PC_CONFIGURE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_PC_READ_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PC_SELECT_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_PC_SNAPSHOT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PC_MAP_TRACE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_PC_START \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_PC_FAST_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_NEITHER, FILE_READ_DATA)

typedef struct _PC_CONFIG {
    ULONG SampleRate;
    ULONG Flags;
} PC_CONFIG, *PPC_CONFIG;

typedef struct _PC_SELECTION {
    ULONG Count;
    ULONG Counters[1];
} PC_SELECTION, *PPC_SELECTION;

typedef struct _PC_START_REQUEST {
    ULONG Mode;
    NTSTATUS Status;        // written back by the driver
} PC_START_REQUEST, *PPC_START_REQUEST;

typedef struct _PC_FAST_QUERY {
    ULONG Counter;
} PC_FAST_QUERY, *PPC_FAST_QUERY;

typedef struct _PC_EXTENSION {
    PC_CONFIG Config;
    ULONG64 Counters[PC_MAX_COUNTERS];
    ULONG Selected[PC_MAX_COUNTERS];
    ULONG SelectedCount;
    ERESOURCE SnapshotLock;
    ULONG64 Snapshot[PC_MAX_COUNTERS];
    PMDL TraceMdl;
    PVOID TraceAddress;
    ULONG Mode;
} PC_EXTENSION, *PPC_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PcUnload;
DRIVER_DISPATCH PcCreateClose;
DRIVER_DISPATCH PcDeviceControl;
FAST_IO_DEVICE_CONTROL PcFastIoDeviceControl;

static FAST_IO_DISPATCH PcFastIoDispatch;

//
// A validation helper with no __try of its own. Called from PcConfigure
// outside any __try: the probe's exception has no handler.
//
static VOID
PcValidateUserBuffer(PVOID Buffer, ULONG Length, ULONG Alignment)
{
    ProbeForRead(Buffer, Length, Alignment); // expected-error{{outside __try/__except}}
}

static NTSTATUS
PcConfigure(PPC_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PPC_CONFIG userConfig = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PC_CONFIG config;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(PC_CONFIG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    PcValidateUserBuffer(userConfig, sizeof(PC_CONFIG), TYPE_ALIGNMENT(PC_CONFIG));
    __try {
        config = *userConfig;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Config = config;
    return STATUS_SUCCESS;
}

//
// Case: the probe is in the handler, before the __try that protects the
// copy.
//
static NTSTATUS
PcReadCounters(PPC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userCounters = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(Ext->Counters)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    ProbeForWrite(userCounters, sizeof(Ext->Counters), TYPE_ALIGNMENT(ULONG64)); // expected-error{{outside __try/__except}}
    __try {
        RtlCopyMemory(userCounters, Ext->Counters, sizeof(Ext->Counters));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(Ext->Counters);
    }
    return status;
}

//
// Case: the count is read inside __try, the counters after it.
//
static NTSTATUS
PcSelectCounters(PPC_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PPC_SELECTION userSelection = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG count;

    if (inLength < sizeof(PC_SELECTION)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userSelection, inLength, TYPE_ALIGNMENT(PC_SELECTION));
        count = userSelection->Count;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (count == 0 || count > PC_MAX_COUNTERS ||
        (inLength - FIELD_OFFSET(PC_SELECTION, Counters)) / sizeof(ULONG) < count) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Selected, userSelection->Counters, count * sizeof(ULONG)); // expected-error{{outside __try/__except}}
    Ext->SelectedCount = count;
    return STATUS_SUCCESS;
}

//
// Case: a __try/__finally releases the lock, but nothing handles the
// exception: it unwinds through the finally block and bugchecks.
//
static NTSTATUS
PcSnapshot(PPC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userSnapshot = Irp->UserBuffer;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(Ext->Snapshot)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userSnapshot, sizeof(Ext->Snapshot), TYPE_ALIGNMENT(ULONG64));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Ext->SnapshotLock, TRUE);
    __try {
        // Should be reported; not yet: Clang 19's analyzer does not analyze
        // functions that contain __try/__finally (see the rule's Limitations).
        RtlCopyMemory(userSnapshot, Ext->Snapshot, sizeof(Ext->Snapshot));
    } __finally {
        ExReleaseResourceLite(&Ext->SnapshotLock);
        KeLeaveCriticalRegion();
    }
    Irp->IoStatus.Information = sizeof(Ext->Snapshot);
    return STATUS_SUCCESS;
}

//
// Case: the caller's trace buffer is locked with MmProbeAndLockPages
// outside __try.
//
static NTSTATUS
PcMapTrace(PPC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PMDL mdl;
    PVOID address;

    if (length == 0 || length > PC_MAX_TRACE || Ext->TraceMdl != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    mdl = IoAllocateMdl(Irp->UserBuffer, length, FALSE, FALSE, NULL);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmProbeAndLockPages(mdl, UserMode, IoWriteAccess); // expected-error{{outside __try/__except}}
    address = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (address == NULL) {
        MmUnlockPages(mdl);
        IoFreeMdl(mdl);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Ext->TraceMdl = mdl;
    Ext->TraceAddress = address;
    return STATUS_SUCCESS;
}

//
// Case: the exception handler reports the failure in the caller's buffer,
// the buffer that just raised the exception; the handler is not inside the
// __try.
//
static NTSTATUS
PcStart(PPC_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PPC_START_REQUEST userRequest = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PC_START_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userRequest, sizeof(PC_START_REQUEST), TYPE_ALIGNMENT(PC_START_REQUEST));
        Ext->Mode = userRequest->Mode;
        userRequest->Status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        // Should be reported; not yet: the analyzer never enters __except
        // handler bodies (see the rule's Limitations).
        userRequest->Status = status;
    }
    return status;
}

//
// Case: fast I/O. The query is probed and captured inside __try, but the
// reply is written after it.
//
static NTSTATUS
PcFastQuery(PPC_EXTENSION Ext, PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
            ULONG OutputBufferLength, PULONG_PTR Information)
{
    PPC_FAST_QUERY query = InputBuffer;
    ULONG counter;

    if (InputBufferLength < sizeof(PC_FAST_QUERY) || OutputBufferLength < sizeof(ULONG64)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(query, sizeof(PC_FAST_QUERY), TYPE_ALIGNMENT(PC_FAST_QUERY));
        ProbeForWrite(OutputBuffer, sizeof(ULONG64), TYPE_ALIGNMENT(ULONG64));
        counter = query->Counter;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (counter >= PC_MAX_COUNTERS) {
        return STATUS_INVALID_PARAMETER;
    }
    *(PULONG64)OutputBuffer = Ext->Counters[counter]; // expected-error{{outside __try/__except}}
    *Information = sizeof(ULONG64);
    return STATUS_SUCCESS;
}

BOOLEAN
PcFastIoDeviceControl(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                      ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                      ULONG IoControlCode, PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    ULONG_PTR information = 0;

    UNREFERENCED_PARAMETER(FileObject);
    UNREFERENCED_PARAMETER(Wait);

    if (IoControlCode != IOCTL_PC_FAST_QUERY) {
        return FALSE;
    }
    IoStatus->Status = PcFastQuery(DeviceObject->DeviceExtension, InputBuffer, InputBufferLength,
                                   OutputBuffer, OutputBufferLength, &information);
    IoStatus->Information = information;
    return TRUE;
}

NTSTATUS
PcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPC_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PC_CONFIGURE:
        status = PcConfigure(ext, irpSp);
        break;
    case IOCTL_PC_READ_COUNTERS:
        status = PcReadCounters(ext, Irp, irpSp);
        break;
    case IOCTL_PC_SELECT_COUNTERS:
        status = PcSelectCounters(ext, irpSp);
        break;
    case IOCTL_PC_SNAPSHOT:
        status = PcSnapshot(ext, Irp, irpSp);
        break;
    case IOCTL_PC_MAP_TRACE:
        status = PcMapTrace(ext, Irp, irpSp);
        break;
    case IOCTL_PC_START:
        status = PcStart(ext, Irp, irpSp);
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
PcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
PcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PerfCounters");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PPC_EXTENSION ext;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->TraceMdl != NULL) {
            MmUnlockPages(ext->TraceMdl);
            IoFreeMdl(ext->TraceMdl);
        }
        ExDeleteResourceLite(&ext->SnapshotLock);
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PerfCounters");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\PerfCounters");
    PDEVICE_OBJECT deviceObject;
    PPC_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(PC_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(PC_EXTENSION));
    ExInitializeResourceLite(&ext->SnapshotLock);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        ExDeleteResourceLite(&ext->SnapshotLock);
        IoDeleteDevice(deviceObject);
        return status;
    }

    RtlZeroMemory(&PcFastIoDispatch, sizeof(PcFastIoDispatch));
    PcFastIoDispatch.SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    PcFastIoDispatch.FastIoDeviceControl = PcFastIoDeviceControl;
    DriverObject->FastIoDispatch = &PcFastIoDispatch;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PcDeviceControl;
    DriverObject->DriverUnload = PcUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
