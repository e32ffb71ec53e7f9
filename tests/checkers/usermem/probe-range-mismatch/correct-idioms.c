// drvcert-test: rules=probe-range-mismatch
//
// Probes that cover what follows them, in a smart-card reader driver whose
// METHOD_NEITHER IOCTLs exchange APDUs with the card service: the probe
// length is the size of what is read, or a length proved at least that
// large on the path (an early return, a guarded block, an exact-size
// check); a copy uses the length it probed; a header's length is checked
// against what was probed before the data is copied; buffers that are
// written are probed with ProbeForWrite, which also proves them readable.
// No finding.

#include <ntddk.h>

#define SCR_MAX_APDU 261
#define SCR_MAX_READERS 4
#define SCR_MAX_ATR 33

#define IOCTL_SCR_SET_PROTOCOL \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x900, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_SET_TIMEOUTS \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x901, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_SELECT_READER \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x902, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_SEND_APDU \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x903, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_GET_STATE \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x904, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_SCR_SEND_FRAME \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x905, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_TRANSACT \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x906, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_SCR_SET_POWER \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x907, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_SET_PINS \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x908, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_SET_CLOCK \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x909, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SCR_GET_ATR \
    CTL_CODE(FILE_DEVICE_SMARTCARD, 0x90A, METHOD_NEITHER, FILE_READ_DATA)

typedef struct _SCR_PROTOCOL {
    ULONG Protocol;
    ULONG Flags;
} SCR_PROTOCOL, *PSCR_PROTOCOL;

typedef struct _SCR_TIMEOUTS {
    ULONG CharacterMs;
    ULONG BlockMs;
} SCR_TIMEOUTS, *PSCR_TIMEOUTS;

typedef struct _SCR_SELECT {
    ULONG Reader;
} SCR_SELECT, *PSCR_SELECT;

typedef struct _SCR_STATE {
    ULONG Reader;
    ULONG CardPresent;
    ULONG Protocol;
} SCR_STATE, *PSCR_STATE;

typedef struct _SCR_FRAME_HEADER {
    ULONG Length;           // bytes of Data
    ULONG Sequence;
} SCR_FRAME_HEADER, *PSCR_FRAME_HEADER;

typedef struct _SCR_FRAME {
    SCR_FRAME_HEADER Header;
    UCHAR Data[1];
} SCR_FRAME, *PSCR_FRAME;

typedef struct _SCR_TRANSACTION {
    ULONG Command;
    ULONG Response;
} SCR_TRANSACTION, *PSCR_TRANSACTION;

typedef struct _SCR_POWER {
    ULONG Action;
    ULONG Voltage;
} SCR_POWER, *PSCR_POWER;

typedef struct _SCR_PIN_MAP {
    ULONG Count;
    ULONG Pins[1];
} SCR_PIN_MAP, *PSCR_PIN_MAP;

typedef struct _SCR_EXTENSION {
    SCR_PROTOCOL Protocol;
    SCR_TIMEOUTS Timeouts;
    ULONG Reader;
    UCHAR Apdu[SCR_MAX_APDU];
    ULONG ApduLength;
    SCR_STATE State;
    UCHAR Frame[SCR_MAX_APDU];
    ULONG FrameLength;
    ULONG LastResponse;
    SCR_POWER Power;
    ULONG Pins[8];
    ULONG PinCount;
    ULONG ClockKhz;
    UCHAR Atr[SCR_MAX_ATR];
} SCR_EXTENSION, *PSCR_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ScrUnload;
DRIVER_DISPATCH ScrCreateClose;
DRIVER_DISPATCH ScrDeviceControl;

// ProbeForRead(p, sizeof(T), TYPE_ALIGNMENT(T)), then a T is read.
static NTSTATUS
ScrSetProtocol(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PSCR_PROTOCOL userProtocol = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SCR_PROTOCOL protocol;

    __try {
        ProbeForRead(userProtocol, sizeof(SCR_PROTOCOL), TYPE_ALIGNMENT(SCR_PROTOCOL));
        protocol = *userProtocol; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Protocol = protocol;
    return STATUS_SUCCESS;
}

// An early return proves InputBufferLength >= sizeof(T) before the probe.
static NTSTATUS
ScrSetTimeouts(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PSCR_TIMEOUTS userTimeouts = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    SCR_TIMEOUTS timeouts;

    if (inLength < sizeof(SCR_TIMEOUTS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userTimeouts, inLength, 1);
        timeouts.CharacterMs = userTimeouts->CharacterMs; // no-warning
        timeouts.BlockMs = userTimeouts->BlockMs; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Timeouts = timeouts;
    return STATUS_SUCCESS;
}

// The same proof as a guarded block.
static NTSTATUS
ScrSelectReader(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PSCR_SELECT userSelect = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG reader = SCR_MAX_READERS;
    NTSTATUS status = STATUS_BUFFER_TOO_SMALL;

    if (inLength >= sizeof(SCR_SELECT)) {
        __try {
            ProbeForRead(userSelect, inLength, sizeof(ULONG));
            reader = userSelect->Reader; // no-warning
            status = STATUS_SUCCESS;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
    }
    if (NT_SUCCESS(status) && reader >= SCR_MAX_READERS) {
        status = STATUS_INVALID_PARAMETER;
    }
    if (NT_SUCCESS(status)) {
        Ext->Reader = reader;
    }
    return status;
}

// Probe and copy of the same length (a zero length copies nothing).
static NTSTATUS
ScrSendApdu(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PVOID userApdu = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (length > sizeof(Ext->Apdu)) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        ProbeForRead(userApdu, length, 1);
        RtlCopyMemory(Ext->Apdu, userApdu, length); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->ApduLength = length;
    return STATUS_SUCCESS;
}

// ProbeForWrite after an OutputBufferLength check, then a write within it.
static NTSTATUS
ScrGetState(PSCR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PSCR_STATE userState = Irp->UserBuffer;
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;

    if (outLength < sizeof(SCR_STATE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userState, outLength, TYPE_ALIGNMENT(SCR_STATE));
        *userState = Ext->State; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(SCR_STATE);
    }
    return status;
}

// The whole request is probed; the header's length is checked against the
// probed length before the data is copied.
static NTSTATUS
ScrSendFrame(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PSCR_FRAME userFrame = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    SCR_FRAME_HEADER header;
    NTSTATUS status = STATUS_SUCCESS;

    if (inLength < sizeof(SCR_FRAME_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userFrame, inLength, TYPE_ALIGNMENT(SCR_FRAME_HEADER));
        header = userFrame->Header; // no-warning
        if (header.Length > inLength - sizeof(SCR_FRAME_HEADER) ||
            header.Length > sizeof(Ext->Frame)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            RtlCopyMemory(Ext->Frame, userFrame->Data, header.Length); // no-warning
            Ext->FrameLength = header.Length;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

// An in/out structure probed once with ProbeForWrite, read then written.
static NTSTATUS
ScrTransact(PSCR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PSCR_TRANSACTION userTransaction = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SCR_TRANSACTION)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userTransaction, sizeof(SCR_TRANSACTION), TYPE_ALIGNMENT(SCR_TRANSACTION));
        Ext->LastResponse = userTransaction->Command ^ 0x9000; // no-warning
        userTransaction->Response = Ext->LastResponse; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(SCR_TRANSACTION);
    }
    return status;
}

// The documented RequestorMode pattern, with an exact-size check: the probe
// covers the read on the UserMode path, and the KernelMode path has none.
static NTSTATUS
ScrSetPower(PSCR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PSCR_POWER userPower = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    SCR_POWER power;

    if (inLength != sizeof(SCR_POWER)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(userPower, inLength, TYPE_ALIGNMENT(SCR_POWER));
        }
        power = *userPower; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Power = power;
    return STATUS_SUCCESS;
}

// The header is probed and captured, then the array it describes is probed
// before it is copied.
static NTSTATUS
ScrSetPins(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PSCR_PIN_MAP userMap = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG count = 0;
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        ProbeForRead(userMap, sizeof(ULONG), sizeof(ULONG));
        count = userMap->Count; // no-warning
        if (count == 0 || count > RTL_NUMBER_OF(Ext->Pins)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            ProbeForRead(userMap->Pins, count * sizeof(ULONG), sizeof(ULONG));
            RtlCopyMemory(Ext->Pins, userMap->Pins, count * sizeof(ULONG)); // no-warning
            Ext->PinCount = count;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

// ProbeForRead(p, sizeof(T), __alignof(T)) spelled with __alignof.
static NTSTATUS
ScrSetClock(PSCR_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PULONG userClock = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG clockKhz;

    __try {
        ProbeForRead(userClock, sizeof(ULONG), __alignof(ULONG));
        clockKhz = *userClock; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (clockKhz < 1000 || clockKhz > 20000) {
        return STATUS_INVALID_PARAMETER;
    }
    Ext->ClockKhz = clockKhz;
    return STATUS_SUCCESS;
}

// ProbeForWrite of the caller's length, then a copy bounded by it.
static NTSTATUS
ScrGetAtr(PSCR_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userAtr = Irp->UserBuffer;
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG copied = min(outLength, (ULONG)sizeof(Ext->Atr));
    NTSTATUS status = STATUS_SUCCESS;

    __try {
        ProbeForWrite(userAtr, outLength, 1);
        RtlCopyMemory(userAtr, Ext->Atr, copied); // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = copied;
    }
    return status;
}

NTSTATUS
ScrDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSCR_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SCR_SET_PROTOCOL:
        status = ScrSetProtocol(ext, irpSp);
        break;
    case IOCTL_SCR_SET_TIMEOUTS:
        status = ScrSetTimeouts(ext, irpSp);
        break;
    case IOCTL_SCR_SELECT_READER:
        status = ScrSelectReader(ext, irpSp);
        break;
    case IOCTL_SCR_SEND_APDU:
        status = ScrSendApdu(ext, irpSp);
        break;
    case IOCTL_SCR_GET_STATE:
        status = ScrGetState(ext, Irp, irpSp);
        break;
    case IOCTL_SCR_SEND_FRAME:
        status = ScrSendFrame(ext, irpSp);
        break;
    case IOCTL_SCR_TRANSACT:
        status = ScrTransact(ext, Irp, irpSp);
        break;
    case IOCTL_SCR_SET_POWER:
        status = ScrSetPower(ext, Irp, irpSp);
        break;
    case IOCTL_SCR_SET_PINS:
        status = ScrSetPins(ext, irpSp);
        break;
    case IOCTL_SCR_SET_CLOCK:
        status = ScrSetClock(ext, irpSp);
        break;
    case IOCTL_SCR_GET_ATR:
        status = ScrGetAtr(ext, Irp, irpSp);
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
ScrCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
ScrUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoScr");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoScr");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoScr");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(SCR_EXTENSION), &name, FILE_DEVICE_SMARTCARD,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(SCR_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ScrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ScrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ScrDeviceControl;
    DriverObject->DriverUnload = ScrUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
