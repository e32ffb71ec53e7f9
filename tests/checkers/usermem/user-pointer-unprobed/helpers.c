// drvcert-test: rules=user-pointer-unprobed
//
// A firmware-update utility driver whose IOCTL handlers share small helpers
// that touch caller memory. The rule follows the user address into the
// helper and reports the access on the helper's line, once, however many
// handlers reach it unprobed; a helper reached only with probed or kernel
// pointers stays silent, and so does an access after a helper that probes.

#include <ntddk.h>

#define FW_TAG 'wFwX'
#define FW_MAX_IMAGE (64 * 1024)

#define IOCTL_FW_GET_VERSION \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD00, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_FW_GET_INFO \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_FW_BEGIN_UPDATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD02, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_FW_GET_PROGRESS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD03, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_FW_ERASE_LOG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD04, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_FW_SET_OPTIONS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD05, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_FW_GET_INFO_BUFFERED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xD06, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _FW_VERSION {
    ULONG Major;
    ULONG Minor;
} FW_VERSION, *PFW_VERSION;

typedef struct _FW_INFO {
    ULONG ImageSize;
    ULONG Checksum;
    FW_VERSION Version;
} FW_INFO, *PFW_INFO;

typedef struct _FW_HEADER {
    ULONG Magic;
    ULONG ImageSize;
    ULONG Checksum;
    ULONG Flags;
} FW_HEADER, *PFW_HEADER;

#define FW_MAGIC 0x31465743

typedef struct _FW_PROGRESS {
    ULONG BytesWritten;
    ULONG State;
} FW_PROGRESS, *PFW_PROGRESS;

typedef struct _FW_OPTIONS {
    ULONG Flags;
    ULONG RetryCount;
} FW_OPTIONS, *PFW_OPTIONS;

typedef struct _FW_EXTENSION {
    FW_VERSION Version;
    FW_INFO Info;
    FW_HEADER Pending;
    FW_PROGRESS Progress;
    FW_OPTIONS Options;
} FW_EXTENSION, *PFW_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FwUnload;
DRIVER_DISPATCH FwCreateClose;
DRIVER_DISPATCH FwDeviceControl;

//
// Copies a reply to the caller. Reached unprobed from FwGetVersion and
// probed from FwGetInfo: one finding, here.
//
static NTSTATUS
FwCopyToCaller(PVOID Destination, const VOID *Source, SIZE_T Length)
{
    __try {
        RtlCopyMemory(Destination, Source, Length); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Captures the caller's update header. Reached unprobed from
// FwBeginUpdate.
//
static NTSTATUS
FwCaptureHeader(const FW_HEADER *UserHeader, PFW_HEADER Captured)
{
    __try {
        *Captured = *UserHeader; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Fills the caller's log buffer with the erased-flash pattern. Reached
// unprobed from FwEraseLog.
//
static NTSTATUS
FwFillErased(PVOID Buffer, ULONG Length)
{
    __try {
        RtlFillMemory(Buffer, Length, 0xFF); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

//
// Validates a caller buffer for reading: after it returns successfully the
// buffer has been probed.
//
static NTSTATUS
FwValidateInput(PVOID Buffer, ULONG Length, ULONG Alignment)
{
    __try {
        ProbeForRead(Buffer, Length, Alignment);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static PVOID
FwOutputBuffer(PIRP Irp)
{
    return Irp->UserBuffer;
}

static NTSTATUS
FwGetVersion(PFW_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FW_VERSION)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    Irp->IoStatus.Information = sizeof(FW_VERSION);
    return FwCopyToCaller(Irp->UserBuffer, &Ext->Version, sizeof(FW_VERSION));
}

static NTSTATUS
FwGetInfo(PFW_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userInfo = Irp->UserBuffer;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FW_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userInfo, sizeof(FW_INFO), TYPE_ALIGNMENT(FW_INFO));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Irp->IoStatus.Information = sizeof(FW_INFO);
    return FwCopyToCaller(userInfo, &Ext->Info, sizeof(FW_INFO)); // no-warning
}

static NTSTATUS
FwBeginUpdate(PFW_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    FW_HEADER header;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(FW_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = FwCaptureHeader(IrpSp->Parameters.DeviceIoControl.Type3InputBuffer, &header);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (header.Magic != FW_MAGIC || header.ImageSize > FW_MAX_IMAGE) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Pending = header;
    return STATUS_SUCCESS;
}

//
// Case: the helper only fetches Irp->UserBuffer; the write is here.
//
static NTSTATUS
FwGetProgress(PFW_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PFW_PROGRESS userProgress = FwOutputBuffer(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FW_PROGRESS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        *userProgress = Ext->Progress; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(FW_PROGRESS);
    }
    return status;
}

static NTSTATUS
FwEraseLog(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;

    if (length == 0 || length > PAGE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }
    Irp->IoStatus.Information = length;
    return FwFillErased(Irp->UserBuffer, length);
}

//
// Correct: the validation helper probed the input before the read.
//
static NTSTATUS
FwSetOptions(PFW_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PFW_OPTIONS userOptions = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    FW_OPTIONS options;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(FW_OPTIONS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = FwValidateInput(userOptions, sizeof(FW_OPTIONS), TYPE_ALIGNMENT(FW_OPTIONS));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        options = *userOptions; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (options.RetryCount > 10) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->Options = options;
    return STATUS_SUCCESS;
}

//
// Correct: METHOD_BUFFERED; the copy helper writes the system buffer here,
// on another line than the finding above.
//
static VOID
FwStoreInfo(PFW_INFO Destination, const FW_INFO *Source)
{
    *Destination = *Source; // no-warning
}

static NTSTATUS
FwGetInfoBuffered(PFW_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FW_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    FwStoreInfo(Irp->AssociatedIrp.SystemBuffer, &Ext->Info);
    Irp->IoStatus.Information = sizeof(FW_INFO);
    return STATUS_SUCCESS;
}

NTSTATUS
FwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFW_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FW_GET_VERSION:
        status = FwGetVersion(ext, Irp, irpSp);
        break;
    case IOCTL_FW_GET_INFO:
        status = FwGetInfo(ext, Irp, irpSp);
        break;
    case IOCTL_FW_BEGIN_UPDATE:
        status = FwBeginUpdate(ext, irpSp);
        break;
    case IOCTL_FW_GET_PROGRESS:
        status = FwGetProgress(ext, Irp, irpSp);
        break;
    case IOCTL_FW_ERASE_LOG:
        status = FwEraseLog(Irp, irpSp);
        break;
    case IOCTL_FW_SET_OPTIONS:
        status = FwSetOptions(ext, irpSp);
        break;
    case IOCTL_FW_GET_INFO_BUFFERED:
        status = FwGetInfoBuffered(ext, Irp, irpSp);
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
FwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
FwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\FwUpdate");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\FwUpdate");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\FwUpdate");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(FW_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(FW_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FwDeviceControl;
    DriverObject->DriverUnload = FwUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
