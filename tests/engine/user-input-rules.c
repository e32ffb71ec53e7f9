// drvcert-test: rules=user-pointer-unprobed,probe-range-mismatch,user-memory-outside-try,unbounded-copy,ioctl-buffer-size-unchecked
//
// The user-input rules together on one WDM driver: each bug is reported by
// exactly one rule, and the correct handlers next to them stay silent.

#include <ntddk.h>

#define IOCTL_UI_SET_NAME    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_UI_GET_STATS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_UI_SUBMIT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_UI_SUBMIT_SAFE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_UI_SET_NAME_OK CTL_CODE(FILE_DEVICE_UNKNOWN, 0x804, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_UI_READ_HDR    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x805, METHOD_NEITHER, FILE_READ_ACCESS)

typedef struct _UI_NAME {
    ULONG Length;
    WCHAR Name[64];
} UI_NAME, *PUI_NAME;

typedef struct _UI_STATS {
    ULONG Requests;
    ULONG Errors;
} UI_STATS, *PUI_STATS;

typedef struct _UI_HEADER {
    ULONG Size;
    ULONG Flags;
} UI_HEADER, *PUI_HEADER;

static WCHAR UiName[64];
static UI_STATS UiStats;

static NTSTATUS
UiSetName(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUI_NAME in = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    // The header is checked, the name length is not: the copy overflows
    // UiName and reads past the end of the SystemBuffer.
    // expected-error@+1{{may go past InputBufferLength}}
    RtlCopyMemory(UiName, in->Name, in->Length); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

static NTSTATUS
UiSetNameChecked(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUI_NAME in = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(UI_NAME)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (in->Length > sizeof(UiName)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(UiName, in->Name, in->Length); // no-warning
    return STATUS_SUCCESS;
}

static NTSTATUS
UiGetStats(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUI_STATS out = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(IrpSp);
    out->Requests = UiStats.Requests; // expected-error{{may go past OutputBufferLength}}
    out->Errors = UiStats.Errors;
    Irp->IoStatus.Information = sizeof(UI_STATS);
    return STATUS_SUCCESS;
}

static NTSTATUS
UiSubmit(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUI_HEADER hdr = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;

    UNREFERENCED_PARAMETER(Irp);
    if (hdr->Flags & 1) { // expected-error{{without ProbeForRead/ProbeForWrite}}
        return STATUS_NOT_SUPPORTED;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
UiSubmitSafe(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUI_HEADER hdr = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    UI_HEADER captured;

    UNREFERENCED_PARAMETER(Irp);
    __try {
        ProbeForRead(hdr, sizeof(UI_HEADER), TYPE_ALIGNMENT(UI_HEADER));
        captured = *hdr; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return captured.Flags ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
}

static NTSTATUS
UiReadHeader(PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PUCHAR in = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    UI_HEADER hdr;

    UNREFERENCED_PARAMETER(Irp);
    __try {
        ProbeForRead(in, length, 1);
        RtlCopyMemory(&hdr, in, sizeof(hdr)); // expected-error{{may probe zero bytes}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    ProbeForRead(in, sizeof(UI_HEADER), 1); // expected-error{{outside __try/__except}}
    return hdr.Flags ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
}

NTSTATUS
UiDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_UI_SET_NAME:
        status = UiSetName(Irp, irpSp);
        break;
    case IOCTL_UI_SET_NAME_OK:
        status = UiSetNameChecked(Irp, irpSp);
        break;
    case IOCTL_UI_GET_STATS:
        status = UiGetStats(Irp, irpSp);
        break;
    case IOCTL_UI_SUBMIT:
        status = UiSubmit(Irp, irpSp);
        break;
    case IOCTL_UI_SUBMIT_SAFE:
        status = UiSubmitSafe(Irp, irpSp);
        break;
    case IOCTL_UI_READ_HDR:
        status = UiReadHeader(Irp, irpSp);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
