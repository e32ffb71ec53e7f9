// drvcert-test: rules=user-memory-outside-try
//
// A KMDF sensor-hub driver whose METHOD_NEITHER IOCTLs are handled in
// EvtIoInCallerContext. The unsafe user buffers KMDF returns there are raw
// user addresses: probing or touching them raises an exception that only a
// __try/__except in the driver can handle. WdfRequestProbeAndLockUserBuffer*
// handles the exception itself (it returns an NTSTATUS), and the buffer of
// the WDFMEMORY it returns is a system address.

#include <ntddk.h>
#include <wdf.h>

#define SNS_MAX_SENSORS 8

#define IOCTL_SNS_SET_THRESHOLD \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE00, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SNS_READ_ALL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE01, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_SNS_SET_CALIBRATION \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE02, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SNS_SET_RATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE03, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_SNS_GET_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE04, METHOD_BUFFERED, FILE_READ_DATA)

typedef struct _SNS_THRESHOLD {
    ULONG Sensor;
    LONG Low;
    LONG High;
} SNS_THRESHOLD, *PSNS_THRESHOLD;

typedef struct _SNS_READINGS {
    LONG Values[SNS_MAX_SENSORS];
} SNS_READINGS, *PSNS_READINGS;

typedef struct _SNS_CALIBRATION {
    LONG Offset[SNS_MAX_SENSORS];
    LONG Scale[SNS_MAX_SENSORS];
} SNS_CALIBRATION, *PSNS_CALIBRATION;

typedef struct _SNS_CONFIG {
    ULONG RateHz;
    ULONG Sensors;
} SNS_CONFIG, *PSNS_CONFIG;

typedef struct _DEVICE_CONTEXT {
    SNS_THRESHOLD Thresholds[SNS_MAX_SENSORS];
    SNS_READINGS Readings;
    SNS_CALIBRATION Calibration;
    ULONG RateHz;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, SnsGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SnsEvtDeviceAdd;
EVT_WDF_IO_IN_CALLER_CONTEXT SnsEvtIoInCallerContext;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SnsEvtIoDeviceControl;

static const GUID GUID_DEVINTERFACE_SENSOR_HUB =
    { 0x2e5b7c90, 0x13d4, 0x4a8f, { 0x86, 0x0c, 0x5f, 0xb1, 0x2a, 0x47, 0xd9, 0x63 } };

//
// Case: the probe comes before the __try.
//
static NTSTATUS
SnsSetThreshold(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PSNS_THRESHOLD userThreshold;
    SNS_THRESHOLD threshold;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(SNS_THRESHOLD),
                                                     (PVOID *)&userThreshold, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ProbeForRead(userThreshold, sizeof(SNS_THRESHOLD), TYPE_ALIGNMENT(SNS_THRESHOLD)); // expected-error{{outside __try/__except}}
    __try {
        threshold = *userThreshold;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (threshold.Sensor >= SNS_MAX_SENSORS || threshold.Low > threshold.High) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->Thresholds[threshold.Sensor] = threshold;
    return STATUS_SUCCESS;
}

//
// Case: probed inside __try, written after it.
//
static NTSTATUS
SnsReadAll(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID userReadings;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserOutputBuffer(Request, sizeof(SNS_READINGS),
                                                      &userReadings, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForWrite(userReadings, sizeof(SNS_READINGS), TYPE_ALIGNMENT(SNS_READINGS));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    RtlCopyMemory(userReadings, &DevCtx->Readings, sizeof(SNS_READINGS)); // expected-error{{outside __try/__except}}
    WdfRequestSetInformation(Request, sizeof(SNS_READINGS));
    return STATUS_SUCCESS;
}

//
// Correct: WdfRequestProbeAndLockUserBufferForRead needs no handler, and
// the WDFMEMORY's buffer is a system address.
//
static NTSTATUS
SnsSetCalibration(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID userCalibration;
    WDFMEMORY memory;
    PSNS_CALIBRATION calibration;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(SNS_CALIBRATION),
                                                     &userCalibration, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfRequestProbeAndLockUserBufferForRead(Request, userCalibration, length, &memory); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    calibration = WdfMemoryGetBuffer(memory, NULL);
    RtlCopyMemory(&DevCtx->Calibration, calibration, sizeof(SNS_CALIBRATION)); // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: probe and access inside __try/__except.
//
static NTSTATUS
SnsSetRate(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PULONG userRate;
    ULONG rate;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(ULONG), (PVOID *)&userRate,
                                                     NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userRate, sizeof(ULONG), sizeof(ULONG)); // no-warning
        rate = *userRate; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (rate == 0 || rate > 1000) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->RateHz = rate;
    return STATUS_SUCCESS;
}

VOID
SnsEvtIoInCallerContext(WDFDEVICE Device, WDFREQUEST Request)
{
    PDEVICE_CONTEXT devCtx = SnsGetDeviceContext(Device);
    WDF_REQUEST_PARAMETERS params;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (params.Type == WdfRequestTypeDeviceControl) {
        switch (params.Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_SNS_SET_THRESHOLD:
            WdfRequestComplete(Request, SnsSetThreshold(devCtx, Request));
            return;
        case IOCTL_SNS_READ_ALL:
            WdfRequestComplete(Request, SnsReadAll(devCtx, Request));
            return;
        case IOCTL_SNS_SET_CALIBRATION:
            WdfRequestComplete(Request, SnsSetCalibration(devCtx, Request));
            return;
        case IOCTL_SNS_SET_RATE:
            WdfRequestComplete(Request, SnsSetRate(devCtx, Request));
            return;
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
// Correct: a METHOD_BUFFERED output buffer is kernel memory.
//
VOID
SnsEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT devCtx = SnsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PSNS_CONFIG config;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_SNS_GET_CONFIG) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SNS_CONFIG), (PVOID *)&config, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    config->RateHz = devCtx->RateHz; // no-warning
    config->Sensors = SNS_MAX_SENSORS; // no-warning
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(SNS_CONFIG));
}

NTSTATUS
SnsEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WdfDeviceInitSetIoInCallerContextCallback(DeviceInit, SnsEvtIoInCallerContext);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_SENSOR_HUB, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SnsEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, SnsEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                           WDF_NO_HANDLE);
}
