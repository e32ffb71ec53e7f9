// drvcert-test: rules=user-pointer-unprobed
//
// A KMDF video-capture driver. Its METHOD_NEITHER IOCTLs are handled in
// EvtIoInCallerContext, the one place where the caller's addresses are
// valid: WdfRequestRetrieveUnsafeUserInputBuffer/OutputBuffer return them
// raw, unprobed. The documented way to use them is
// WdfRequestProbeAndLockUserBufferForRead/ForWrite, which probes and locks
// the pages and returns a WDFMEMORY whose buffer is a system address; a
// plain ProbeForRead/ProbeForWrite inside __try also works for an access
// made in the callback itself. The METHOD_BUFFERED IOCTLs go through the
// default queue, whose WdfRequestRetrieve*Buffer buffers are the system
// buffer (kernel memory), but a pointer stored in that buffer is still a
// user address.

#include <ntddk.h>
#include <wdf.h>

#define CAP_LUT_ENTRIES 256

#define IOCTL_CAP_SET_WINDOW \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC00, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_CAP_GET_TIMESTAMP \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_CAP_SET_OVERLAY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC02, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_CAP_SET_GAMMA \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC03, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_CAP_GET_INFO \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC04, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_CAP_SET_LUT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC05, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAP_SET_CHANNEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC06, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _CAP_WINDOW {
    ULONG Left;
    ULONG Top;
    ULONG Width;
    ULONG Height;
} CAP_WINDOW, *PCAP_WINDOW;

typedef struct _CAP_TIMESTAMP {
    LARGE_INTEGER FrameTime;
    ULONG FrameNumber;
    ULONG Reserved;
} CAP_TIMESTAMP, *PCAP_TIMESTAMP;

typedef struct _CAP_OVERLAY {
    ULONG X;
    ULONG Y;
    ULONG Alpha;
    ULONG ColorKey;
} CAP_OVERLAY, *PCAP_OVERLAY;

typedef struct _CAP_GAMMA {
    ULONG Red;
    ULONG Green;
    ULONG Blue;
} CAP_GAMMA, *PCAP_GAMMA;

typedef struct _CAP_INFO {
    ULONG Version;
    ULONG MaxWidth;
    ULONG MaxHeight;
    ULONG Channels;
} CAP_INFO, *PCAP_INFO;

// IOCTL_CAP_SET_LUT: the table stays in the caller's memory.
typedef struct _CAP_LUT_REQUEST {
    PUSHORT Table;
    ULONG Entries;
    ULONG Reserved;
} CAP_LUT_REQUEST, *PCAP_LUT_REQUEST;

typedef struct _DEVICE_CONTEXT {
    CAP_WINDOW Window;
    CAP_TIMESTAMP LastFrame;
    CAP_OVERLAY Overlay;
    CAP_GAMMA Gamma;
    USHORT Lut[CAP_LUT_ENTRIES];
    ULONG Channel;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, CapGetDeviceContext)

typedef struct _REQUEST_CONTEXT {
    WDFMEMORY InputMemory;
} REQUEST_CONTEXT, *PREQUEST_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(REQUEST_CONTEXT, CapGetRequestContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD CapEvtDeviceAdd;
EVT_WDF_IO_IN_CALLER_CONTEXT CapEvtIoInCallerContext;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CapEvtIoDeviceControl;

static const GUID GUID_DEVINTERFACE_CAPTURE =
    { 0x5c0d4c2e, 0x41a7, 0x4f16, { 0x9b, 0x1e, 0x2d, 0x6a, 0x73, 0x10, 0x8e, 0x44 } };

//
// Case: the unsafe input buffer is read without a probe.
//
static NTSTATUS
CapSetWindow(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAP_WINDOW userWindow;
    CAP_WINDOW window;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(CAP_WINDOW),
                                                     (PVOID *)&userWindow, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        window = *userWindow; // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (window.Width == 0 || window.Height == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->Window = window;
    return STATUS_SUCCESS;
}

//
// Case: the unsafe output buffer is written without a probe.
//
static NTSTATUS
CapGetTimestamp(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID userTimestamp;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserOutputBuffer(Request, sizeof(CAP_TIMESTAMP),
                                                      &userTimestamp, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        RtlCopyMemory(userTimestamp, &DevCtx->LastFrame, sizeof(CAP_TIMESTAMP)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, sizeof(CAP_TIMESTAMP));
    }
    return status;
}

//
// Correct: the documented KMDF idiom. The input buffer is probed and locked
// here, in the caller's context; the WDFMEMORY travels with the request to
// the queue, where its buffer is a system address.
//
static NTSTATUS
CapLockOverlay(WDFREQUEST Request)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    PREQUEST_CONTEXT reqCtx;
    PVOID userOverlay;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(CAP_OVERLAY), &userOverlay,
                                                     &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, REQUEST_CONTEXT);
    status = WdfObjectAllocateContext(Request, &attributes, (PVOID *)&reqCtx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return WdfRequestProbeAndLockUserBufferForRead(Request, userOverlay, length, // no-warning
                                                   &reqCtx->InputMemory);
}

//
// Correct: a probe inside __try, for an access made in the callback.
//
static NTSTATUS
CapSetGamma(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAP_GAMMA userGamma;
    CAP_GAMMA gamma;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(CAP_GAMMA),
                                                     (PVOID *)&userGamma, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userGamma, sizeof(CAP_GAMMA), TYPE_ALIGNMENT(CAP_GAMMA));
        gamma = *userGamma; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    DevCtx->Gamma = gamma;
    return STATUS_SUCCESS;
}

VOID
CapEvtIoInCallerContext(WDFDEVICE Device, WDFREQUEST Request)
{
    PDEVICE_CONTEXT devCtx = CapGetDeviceContext(Device);
    WDF_REQUEST_PARAMETERS params;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (params.Type == WdfRequestTypeDeviceControl) {
        switch (params.Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_CAP_SET_WINDOW:
            WdfRequestComplete(Request, CapSetWindow(devCtx, Request));
            return;
        case IOCTL_CAP_GET_TIMESTAMP:
            WdfRequestComplete(Request, CapGetTimestamp(devCtx, Request));
            return;
        case IOCTL_CAP_SET_GAMMA:
            WdfRequestComplete(Request, CapSetGamma(devCtx, Request));
            return;
        case IOCTL_CAP_SET_OVERLAY:
            status = CapLockOverlay(Request);
            if (!NT_SUCCESS(status)) {
                WdfRequestComplete(Request, status);
                return;
            }
            break;
        default:
            break;
        }
    }

    status = WdfDeviceEnqueueRequest(Device, Request);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
    }
}

//
// Correct: the overlay locked in the caller's context, read through its
// system address.
//
static NTSTATUS
CapApplyOverlay(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PREQUEST_CONTEXT reqCtx = CapGetRequestContext(Request);
    PCAP_OVERLAY overlay;
    size_t length;

    overlay = WdfMemoryGetBuffer(reqCtx->InputMemory, &length);
    if (length < sizeof(CAP_OVERLAY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    DevCtx->Overlay = *overlay; // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: METHOD_BUFFERED output, the system buffer.
//
static NTSTATUS
CapGetInfo(WDFREQUEST Request, size_t *Information)
{
    PCAP_INFO info;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CAP_INFO), (PVOID *)&info, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    info->Version = 3; // no-warning
    info->MaxWidth = 1920;
    info->MaxHeight = 1080;
    info->Channels = 4;
    *Information = sizeof(CAP_INFO);
    return STATUS_SUCCESS;
}

//
// Case: the request is in the system buffer, but the table it points to is
// in the caller's memory, and nobody probed it. (The queue does not even
// run in the caller's context.)
//
static NTSTATUS
CapSetLut(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAP_LUT_REQUEST request;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(CAP_LUT_REQUEST), (PVOID *)&request,
                                           NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (request->Entries != CAP_LUT_ENTRIES) {
        return STATUS_INVALID_PARAMETER;
    }
    __try {
        RtlCopyMemory(DevCtx->Lut, request->Table, sizeof(DevCtx->Lut)); // expected-error{{without ProbeForRead/ProbeForWrite}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Correct: METHOD_BUFFERED input, the system buffer.
//
static NTSTATUS
CapSetChannel(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PULONG channel;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&channel, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (*channel >= 4) { // no-warning
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->Channel = *channel;
    return STATUS_SUCCESS;
}

VOID
CapEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT devCtx = CapGetDeviceContext(WdfIoQueueGetDevice(Queue));
    size_t information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_CAP_SET_OVERLAY:
        status = CapApplyOverlay(devCtx, Request);
        break;
    case IOCTL_CAP_GET_INFO:
        status = CapGetInfo(Request, &information);
        break;
    case IOCTL_CAP_SET_LUT:
        status = CapSetLut(devCtx, Request);
        break;
    case IOCTL_CAP_SET_CHANNEL:
        status = CapSetChannel(devCtx, Request);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}

NTSTATUS
CapEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WdfDeviceInitSetIoInCallerContextCallback(DeviceInit, CapEvtIoInCallerContext);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_CAPTURE, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = CapEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, CapEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                           WDF_NO_HANDLE);
}
