// drvcert-test: rules=ioctl-buffer-size-unchecked
//
// A KMDF thermal-camera driver. WdfRequestRetrieveInputBuffer and
// WdfRequestRetrieveOutputBuffer fail (STATUS_BUFFER_TOO_SMALL) when the
// buffer is shorter than MinimumRequiredLength or empty; on success the
// buffer holds at least MinimumRequiredLength bytes and exactly the
// returned Length. On failure the buffer pointer is NULL. An access past
// MinimumRequiredLength needs a check of the returned Length (or of the
// Evt callback's length parameter), and the buffer may be used only after
// the NTSTATUS says the call succeeded.

#include <ntddk.h>
#include <wdf.h>

#define CAM_MAX_REGIONS 8

#define IOCTL_CAM_SET_EMISSIVITY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_SET_PALETTE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_GET_TEMPERATURE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_CAM_SET_SHUTTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_GET_INFO \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_CAM_SET_REGIONS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_SET_EMISSIVITY_V2 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x906, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_SET_REGIONS_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x907, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_GET_INFO_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x908, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_CAM_SET_GAIN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x909, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_CAM_SET_FRAME_RATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x90A, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _CAM_EMISSIVITY_V1 {
    ULONG Emissivity;           // in 1/1000
} CAM_EMISSIVITY_V1, *PCAM_EMISSIVITY_V1;

typedef struct _CAM_EMISSIVITY_V2 {
    ULONG Emissivity;
    LONG ReflectedTemperature;  // added in v2, milli-degrees C
} CAM_EMISSIVITY_V2, *PCAM_EMISSIVITY_V2;

typedef struct _CAM_PALETTE {
    ULONG PaletteId;
    ULONG Inverted;
} CAM_PALETTE, *PCAM_PALETTE;

typedef struct _CAM_TEMPERATURE {
    LONG Minimum;
    LONG Maximum;
    LONG Center;
} CAM_TEMPERATURE, *PCAM_TEMPERATURE;

typedef struct _CAM_INFO {
    ULONG Width;
    ULONG Height;
    ULONG FirmwareVersion;
    ULONG SerialNumber;
} CAM_INFO, *PCAM_INFO;

typedef struct _CAM_REGION {
    USHORT Left;
    USHORT Top;
    USHORT Width;
    USHORT Height;
} CAM_REGION, *PCAM_REGION;

typedef struct _CAM_REGIONS {
    ULONG Count;
    CAM_REGION Regions[1];
} CAM_REGIONS, *PCAM_REGIONS;

typedef struct _CAM_GAIN {
    ULONG Mode;
    ULONG Level;
} CAM_GAIN, *PCAM_GAIN;

typedef struct _DEVICE_CONTEXT {
    ULONG Emissivity;
    LONG ReflectedTemperature;
    CAM_PALETTE Palette;
    CAM_TEMPERATURE Temperature;
    ULONG ShutterClosed;
    CAM_INFO Info;
    CAM_REGION Regions[CAM_MAX_REGIONS];
    ULONG RegionCount;
    CAM_GAIN Gain;
    ULONG FrameRate;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, CamGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD CamEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CamEvtIoDeviceControl;

static const GUID GUID_DEVINTERFACE_THERMAL_CAMERA =
    { 0x4b9a61e3, 0x0f27, 0x4c58, { 0x93, 0xd2, 0x7e, 0x15, 0xa0, 0x6b, 0x38, 0xc4 } };

//
// Case: the minimum is the v1 size and a v2 field is read.
//
static NTSTATUS
CamSetEmissivity(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAM_EMISSIVITY_V2 emissivity;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(CAM_EMISSIVITY_V1),
                                           (PVOID *)&emissivity, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DevCtx->Emissivity = emissivity->Emissivity;
    DevCtx->ReflectedTemperature = emissivity->ReflectedTemperature; // expected-error{{may go past the buffer length}}
    return STATUS_SUCCESS;
}

//
// Case: MinimumRequiredLength 0 and a returned Length nobody compares.
//
static NTSTATUS
CamSetPalette(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PVOID buffer;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 0, &buffer, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DevCtx->Palette = *(PCAM_PALETTE)buffer; // expected-error{{may go past the buffer length}}
    return STATUS_SUCCESS;
}

//
// Case: the status is stored and never looked at.
//
static NTSTATUS
CamGetTemperature(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t *Information)
{
    PCAM_TEMPERATURE temperature;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CAM_TEMPERATURE),
                                            (PVOID *)&temperature, NULL);
    *temperature = DevCtx->Temperature; // expected-error{{is used although the call may have failed}}
    *Information = sizeof(CAM_TEMPERATURE);
    return status;
}

//
// Case: the status is thrown away.
//
static NTSTATUS
CamSetShutter(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PULONG closed;

    (VOID)WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&closed, NULL);
    DevCtx->ShutterClosed = *closed != 0; // expected-error{{is used although the call may have failed}}
    return STATUS_SUCCESS;
}

//
// Case: the output minimum is smaller than what is written.
//
static NTSTATUS
CamGetInfo(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t *Information)
{
    PCAM_INFO info;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&info, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *info = DevCtx->Info; // expected-error{{may go past the buffer length}}
    *Information = sizeof(CAM_INFO);
    return STATUS_SUCCESS;
}

//
// Case: the returned Length is checked for the count only; the first
// region is past it.
//
static NTSTATUS
CamSetRegions(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAM_REGIONS regions;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&regions, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (length < FIELD_OFFSET(CAM_REGIONS, Regions) || regions->Count != 1) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->Regions[0] = regions->Regions[0]; // expected-error{{may go past the buffer length}}
    DevCtx->RegionCount = 1;
    return STATUS_SUCCESS;
}

//
// Correct: MinimumRequiredLength is the structure's size, and the status is
// checked.
//
static NTSTATUS
CamSetEmissivityV2(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAM_EMISSIVITY_V2 emissivity;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(CAM_EMISSIVITY_V2),
                                           (PVOID *)&emissivity, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DevCtx->Emissivity = emissivity->Emissivity; // no-warning
    DevCtx->ReflectedTemperature = emissivity->ReflectedTemperature; // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: the returned Length is checked against the count before the
// regions are read.
//
static NTSTATUS
CamSetRegionsChecked(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PCAM_REGIONS regions;
    size_t length;
    ULONG count;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, FIELD_OFFSET(CAM_REGIONS, Regions),
                                           (PVOID *)&regions, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    count = regions->Count; // no-warning
    if (count == 0 || count > CAM_MAX_REGIONS ||
        count > (length - FIELD_OFFSET(CAM_REGIONS, Regions)) / sizeof(CAM_REGION)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(DevCtx->Regions, regions->Regions, count * sizeof(CAM_REGION)); // no-warning
    DevCtx->RegionCount = count;
    return STATUS_SUCCESS;
}

//
// Correct: an output buffer of at least the structure's size, used in the
// success branch.
//
static NTSTATUS
CamGetInfoChecked(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t *Information)
{
    PCAM_INFO info;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CAM_INFO), (PVOID *)&info, NULL);
    if (NT_SUCCESS(status)) {
        *info = DevCtx->Info; // no-warning
        *Information = sizeof(CAM_INFO);
    }
    return status;
}

//
// Correct: EvtIoDeviceControl's InputBufferLength, checked by the caller,
// is the input buffer's length.
//
static NTSTATUS
CamSetGain(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request, size_t InputBufferLength)
{
    PCAM_GAIN gain;
    NTSTATUS status;

    if (InputBufferLength < sizeof(CAM_GAIN)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = WdfRequestRetrieveInputBuffer(Request, 0, (PVOID *)&gain, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DevCtx->Gain = *gain; // no-warning
    return STATUS_SUCCESS;
}

//
// Correct: the returned Length compared with the size read.
//
static NTSTATUS
CamSetFrameRate(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PULONG rate;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, 1, (PVOID *)&rate, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (length != sizeof(ULONG)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    DevCtx->FrameRate = *rate; // no-warning
    return STATUS_SUCCESS;
}

VOID
CamEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT devCtx = CamGetDeviceContext(WdfIoQueueGetDevice(Queue));
    size_t information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);

    switch (IoControlCode) {
    case IOCTL_CAM_SET_EMISSIVITY:
        status = CamSetEmissivity(devCtx, Request);
        break;
    case IOCTL_CAM_SET_PALETTE:
        status = CamSetPalette(devCtx, Request);
        break;
    case IOCTL_CAM_GET_TEMPERATURE:
        status = CamGetTemperature(devCtx, Request, &information);
        break;
    case IOCTL_CAM_SET_SHUTTER:
        status = CamSetShutter(devCtx, Request);
        break;
    case IOCTL_CAM_GET_INFO:
        status = CamGetInfo(devCtx, Request, &information);
        break;
    case IOCTL_CAM_SET_REGIONS:
        status = CamSetRegions(devCtx, Request);
        break;
    case IOCTL_CAM_SET_EMISSIVITY_V2:
        status = CamSetEmissivityV2(devCtx, Request);
        break;
    case IOCTL_CAM_SET_REGIONS_CHECKED:
        status = CamSetRegionsChecked(devCtx, Request);
        break;
    case IOCTL_CAM_GET_INFO_CHECKED:
        status = CamGetInfoChecked(devCtx, Request, &information);
        break;
    case IOCTL_CAM_SET_GAIN:
        status = CamSetGain(devCtx, Request, InputBufferLength);
        break;
    case IOCTL_CAM_SET_FRAME_RATE:
        status = CamSetFrameRate(devCtx, Request);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? information : 0);
}

NTSTATUS
CamEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
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

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_THERMAL_CAMERA, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = CamEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, CamEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                           WDF_NO_HANDLE);
}
