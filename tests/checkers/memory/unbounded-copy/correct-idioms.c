// drvcert-test: rules=unbounded-copy
//
// Copies that provably fit, in a label-printer driver whose METHOD_BUFFERED
// IOCTLs load fonts, templates and job data: the length is rejected when
// larger than the destination, clamped with min(), or checked in the
// branch that copies; pool is allocated with the length that is copied
// (with or without a header before the data); the length is a kernel
// constant or sizeof the destination; an element count is checked against
// the array's element count. No finding.

#include <ntddk.h>

#define LBL_TAG 'lbLX'
#define LBL_MAX_NAME 32
#define LBL_MAX_FIELDS 16
#define LBL_MAX_JOB (256 * 1024)

#define IOCTL_LBL_SET_FONT_NAME \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_HEADER_TEXT \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_FOOTER_TEXT \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SUBMIT_JOB \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_DEFAULTS \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x904, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_MEDIA \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x905, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_FIELDS \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x906, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_TEMPLATE_NAME \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x907, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_QUEUE_JOB \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x908, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_SET_CALIBRATION \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x909, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LBL_GET_STATUS \
    CTL_CODE(FILE_DEVICE_PRINTER, 0x90A, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _LBL_MEDIA {
    ULONG WidthDots;
    ULONG HeightDots;
    ULONG GapDots;
    ULONG Darkness;
} LBL_MEDIA, *PLBL_MEDIA;

typedef struct _LBL_FIELD {
    USHORT X;
    USHORT Y;
    ULONG FontId;
} LBL_FIELD, *PLBL_FIELD;

typedef struct _LBL_FIELD_LIST {
    ULONG Count;
    LBL_FIELD Fields[1];
} LBL_FIELD_LIST, *PLBL_FIELD_LIST;

typedef struct _LBL_NAME_REQUEST {
    USHORT NameLength;      // bytes of Name
    USHORT Reserved;
    WCHAR Name[1];
} LBL_NAME_REQUEST, *PLBL_NAME_REQUEST;

typedef struct _LBL_JOB {
    LIST_ENTRY Link;
    ULONG Length;
    UCHAR Data[1];
} LBL_JOB, *PLBL_JOB;

typedef struct _LBL_STATUS {
    ULONG State;
    ULONG LabelsPrinted;
    ULONG Errors;
    CHAR Model[32];
} LBL_STATUS, *PLBL_STATUS;

typedef struct _LBL_EXTENSION {
    WCHAR FontName[LBL_MAX_NAME];
    CHAR HeaderText[128];
    CHAR FooterText[128];
    PUCHAR Job;
    ULONG JobLength;
    LBL_MEDIA Media;
    LBL_FIELD Fields[LBL_MAX_FIELDS];
    ULONG FieldCount;
    WCHAR TemplateName[LBL_MAX_NAME];
    LIST_ENTRY JobQueue;
    UCHAR Calibration[64];
    LBL_STATUS Status;
} LBL_EXTENSION, *PLBL_EXTENSION;

static const LBL_MEDIA LblDefaultMedia = { 812, 1218, 24, 15 };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LblUnload;
DRIVER_DISPATCH LblCreateClose;
DRIVER_DISPATCH LblDeviceControl;

// Rejected when larger than the destination.
static NTSTATUS
LblSetFontName(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength > sizeof(Ext->FontName) - sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlZeroMemory(Ext->FontName, sizeof(Ext->FontName)); // no-warning
    RtlCopyMemory(Ext->FontName, Irp->AssociatedIrp.SystemBuffer, inLength); // no-warning
    return STATUS_SUCCESS;
}

// Clamped with min(): longer text is truncated.
static NTSTATUS
LblSetHeaderText(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    length = min(length, (ULONG)sizeof(Ext->HeaderText) - 1);
    RtlCopyMemory(Ext->HeaderText, Irp->AssociatedIrp.SystemBuffer, length); // no-warning
    Ext->HeaderText[length] = '\0';
    return STATUS_SUCCESS;
}

// Checked in the branch that copies.
static NTSTATUS
LblSetFooterText(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (length < sizeof(Ext->FooterText)) {
        RtlCopyMemory(Ext->FooterText, Irp->AssociatedIrp.SystemBuffer, length); // no-warning
        Ext->FooterText[length] = '\0';
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_OVERFLOW;
}

// Pool allocated with exactly the length that is copied.
static NTSTATUS
LblSubmitJob(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PUCHAR job;

    if (length == 0 || length > LBL_MAX_JOB) {
        return STATUS_INVALID_PARAMETER;
    }
    job = ExAllocatePool2(POOL_FLAG_PAGED, length, LBL_TAG);
    if (job == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(job, Irp->AssociatedIrp.SystemBuffer, length); // no-warning
    if (Ext->Job != NULL) {
        ExFreePoolWithTag(Ext->Job, LBL_TAG);
    }
    Ext->Job = job;
    Ext->JobLength = length;
    return STATUS_SUCCESS;
}

// Kernel constants: the copy does not depend on the caller.
static NTSTATUS
LblSetDefaults(PLBL_EXTENSION Ext)
{
    RtlCopyMemory(&Ext->Media, &LblDefaultMedia, sizeof(LBL_MEDIA)); // no-warning
    RtlFillMemory(Ext->Calibration, sizeof(Ext->Calibration), 0x80); // no-warning
    return STATUS_SUCCESS;
}

// An exact-size check, and a copy of sizeof the destination.
static NTSTATUS
LblSetMedia(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength != sizeof(LBL_MEDIA)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    RtlCopyMemory(&Ext->Media, Irp->AssociatedIrp.SystemBuffer, sizeof(Ext->Media)); // no-warning
    return STATUS_SUCCESS;
}

// An element count checked against the array's element count (and the
// input against the count).
static NTSTATUS
LblSetFields(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PLBL_FIELD_LIST list = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG count;

    if (inLength < FIELD_OFFSET(LBL_FIELD_LIST, Fields)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    count = list->Count;
    if (count > RTL_NUMBER_OF(Ext->Fields) ||
        count > (inLength - FIELD_OFFSET(LBL_FIELD_LIST, Fields)) / sizeof(LBL_FIELD)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->Fields, list->Fields, count * sizeof(LBL_FIELD)); // no-warning
    Ext->FieldCount = count;
    return STATUS_SUCCESS;
}

// A length read from the request, checked against the destination (less
// room for the terminator) before the copy.
static NTSTATUS
LblSetTemplateName(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PLBL_NAME_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    USHORT nameLength;

    if (inLength < FIELD_OFFSET(LBL_NAME_REQUEST, Name)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    nameLength = request->NameLength;
    if (nameLength > inLength - FIELD_OFFSET(LBL_NAME_REQUEST, Name) ||
        nameLength > sizeof(Ext->TemplateName) - sizeof(WCHAR) ||
        nameLength % sizeof(WCHAR) != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(Ext->TemplateName, request->Name, nameLength); // no-warning
    Ext->TemplateName[nameLength / sizeof(WCHAR)] = L'\0';
    return STATUS_SUCCESS;
}

// Pool sized header + length; the data is copied after the header.
static NTSTATUS
LblQueueJob(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PLBL_JOB job;

    if (length == 0 || length > LBL_MAX_JOB) {
        return STATUS_INVALID_PARAMETER;
    }
    job = ExAllocatePool2(POOL_FLAG_PAGED, FIELD_OFFSET(LBL_JOB, Data) + length, LBL_TAG);
    if (job == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    job->Length = length;
    RtlCopyMemory(job->Data, Irp->AssociatedIrp.SystemBuffer, length); // no-warning
    InsertTailList(&Ext->JobQueue, &job->Link);
    return STATUS_SUCCESS;
}

// A stack buffer; one unsigned comparison rejects both 0 (length - 1 wraps
// around) and anything longer than the buffer.
static NTSTATUS
LblSetCalibration(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    UCHAR calibration[64];

    if (length - 1 >= sizeof(calibration)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlZeroMemory(calibration, sizeof(calibration)); // no-warning
    RtlCopyMemory(calibration, Irp->AssociatedIrp.SystemBuffer, length); // no-warning
    RtlCopyMemory(Ext->Calibration, calibration, sizeof(Ext->Calibration)); // no-warning
    return STATUS_SUCCESS;
}

// The reply is clamped to the caller's output length.
static NTSTATUS
LblGetStatus(PLBL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG copied = min(outLength, (ULONG)sizeof(LBL_STATUS));

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &Ext->Status, copied); // no-warning
    Irp->IoStatus.Information = copied;
    return STATUS_SUCCESS;
}

NTSTATUS
LblDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLBL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LBL_SET_FONT_NAME:
        status = LblSetFontName(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_HEADER_TEXT:
        status = LblSetHeaderText(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_FOOTER_TEXT:
        status = LblSetFooterText(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SUBMIT_JOB:
        status = LblSubmitJob(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_DEFAULTS:
        status = LblSetDefaults(ext);
        break;
    case IOCTL_LBL_SET_MEDIA:
        status = LblSetMedia(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_FIELDS:
        status = LblSetFields(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_TEMPLATE_NAME:
        status = LblSetTemplateName(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_QUEUE_JOB:
        status = LblQueueJob(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_SET_CALIBRATION:
        status = LblSetCalibration(ext, Irp, irpSp);
        break;
    case IOCTL_LBL_GET_STATUS:
        status = LblGetStatus(ext, Irp, irpSp);
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
LblCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LblUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LabelPrinter");
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PLBL_EXTENSION ext;
    PLIST_ENTRY entry;

    IoDeleteSymbolicLink(&link);
    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        if (ext->Job != NULL) {
            ExFreePoolWithTag(ext->Job, LBL_TAG);
        }
        while (!IsListEmpty(&ext->JobQueue)) {
            entry = RemoveHeadList(&ext->JobQueue);
            ExFreePoolWithTag(CONTAINING_RECORD(entry, LBL_JOB, Link), LBL_TAG);
        }
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LabelPrinter");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LabelPrinter");
    PDEVICE_OBJECT deviceObject;
    PLBL_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(LBL_EXTENSION), &name, FILE_DEVICE_PRINTER,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(LBL_EXTENSION));
    InitializeListHead(&ext->JobQueue);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LblCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LblCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LblDeviceControl;
    DriverObject->DriverUnload = LblUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
