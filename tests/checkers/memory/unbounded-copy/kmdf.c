// drvcert-test: rules=unbounded-copy
//
// A KMDF serial-bridge driver. The lengths KMDF hands the driver come from
// the caller: the Length parameter of EvtIoWrite, the InputBufferLength
// parameter of EvtIoDeviceControl, and the Length that
// WdfRequestRetrieveInputBuffer returns (at least MinimumRequiredLength,
// and otherwise whatever the caller sent). Copying that many bytes into a
// fixed-size destination needs a check that they fit.

#include <ntddk.h>
#include <wdf.h>

#define SER_TAG 'reSX'
#define SER_TX_BYTES 512
#define SER_MAX_WRITE (64 * 1024)

#define IOCTL_SER_SET_KEY \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SER_SET_LINE \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SER_SET_KEY_CHECKED \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x902, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SER_SET_LINE_EXACT \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_SER_SET_GREETING \
    CTL_CODE(FILE_DEVICE_SERIAL_PORT, 0x904, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _SER_LINE {
    ULONG BaudRate;
    UCHAR DataBits;
    UCHAR Parity;
    UCHAR StopBits;
    UCHAR FlowControl;
} SER_LINE, *PSER_LINE;

typedef struct _DEVICE_CONTEXT {
    UCHAR Key[16];
    SER_LINE Line;
    UCHAR TxBuffer[SER_TX_BYTES];
    size_t TxLength;
    PUCHAR Pending;
    size_t PendingLength;
    CHAR Greeting[64];
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, SerGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SerEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_WRITE SerEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SerEvtIoDeviceControl;

static const GUID GUID_DEVINTERFACE_SERIAL_BRIDGE =
    { 0x71c0e4a8, 0x5d2b, 0x4f3e, { 0xb6, 0x19, 0x0a, 0xd4, 0x88, 0x3c, 0x27, 0x5e } };

//
// Case: the Length WdfRequestRetrieveInputBuffer returns is only known to
// be at least the minimum.
//
static NTSTATUS
SerSetKey(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID input;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 8, &input, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlCopyMemory(DevCtx->Key, input, length); // expected-error{{with no check on this path that it fits}}
    return STATUS_SUCCESS;
}

//
// Case: EvtIoDeviceControl's InputBufferLength, copied into a local.
//
static NTSTATUS
SerSetLine(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t InputBufferLength)
{
    PVOID input;
    SER_LINE line;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &input, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(&line, sizeof(line));
    RtlCopyMemory(&line, input, InputBufferLength); // expected-error{{with no check on this path that it fits}}
    if (line.BaudRate == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->Line = line;
    return STATUS_SUCCESS;
}

//
// Correct: rejected when larger than the destination.
//
static NTSTATUS
SerSetKeyChecked(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID input;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 8, &input, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (length > sizeof(DevCtx->Key)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(DevCtx->Key, input, length); // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: MinimumRequiredLength is the destination's size, and that is
// what is copied.
//
static NTSTATUS
SerSetLineExact(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID input;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(SER_LINE), &input, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlCopyMemory(&DevCtx->Line, input, sizeof(DevCtx->Line)); // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: clamped with min().
//
static NTSTATUS
SerSetGreeting(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t InputBufferLength)
{
    PVOID input;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 1, &input, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    length = min(InputBufferLength, sizeof(DevCtx->Greeting) - 1);
    RtlCopyMemory(DevCtx->Greeting, input, length); // no-warning
    DevCtx->Greeting[length] = '\0';
    return STATUS_SUCCESS;
}

VOID
SerEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT devCtx = SerGetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);

    switch (IoControlCode) {
    case IOCTL_SER_SET_KEY:
        status = SerSetKey(devCtx, Request);
        break;
    case IOCTL_SER_SET_LINE:
        status = SerSetLine(devCtx, Request, InputBufferLength);
        break;
    case IOCTL_SER_SET_KEY_CHECKED:
        status = SerSetKeyChecked(devCtx, Request);
        break;
    case IOCTL_SER_SET_LINE_EXACT:
        status = SerSetLineExact(devCtx, Request);
        break;
    case IOCTL_SER_SET_GREETING:
        status = SerSetGreeting(devCtx, Request, InputBufferLength);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}

//
// Writes: when nothing is pending the data is staged in the transmit buffer
// of the device context; otherwise it replaces the pending data, in pool
// sized for it.
//
VOID
SerEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PDEVICE_CONTEXT devCtx = SerGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PVOID input;
    PUCHAR pending;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 1, &input, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    if (Length > SER_MAX_WRITE) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }
    if (devCtx->Pending == NULL) {
        // Case: the 512-byte transmit buffer takes any write up to 64 KB.
        RtlCopyMemory(devCtx->TxBuffer, input, Length); // expected-error{{with no check on this path that it fits}}
        devCtx->TxLength = Length;
    } else {
        // Correct: pool allocated with the length that is copied.
        pending = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, SER_TAG);
        if (pending == NULL) {
            WdfRequestComplete(Request, STATUS_INSUFFICIENT_RESOURCES);
            return;
        }
        RtlCopyMemory(pending, input, Length); // no-warning
        ExFreePoolWithTag(devCtx->Pending, SER_TAG);
        devCtx->Pending = pending;
        devCtx->PendingLength = Length;
    }
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

NTSTATUS
SerEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_SERIAL_BRIDGE, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SerEvtIoDeviceControl;
    queueConfig.EvtIoWrite = SerEvtIoWrite;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, SerEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                           WDF_NO_HANDLE);
}
