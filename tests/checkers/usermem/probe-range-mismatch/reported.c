// drvcert-test: rules=probe-range-mismatch
//
// Probes that do not cover the access that follows them, in an audio DSP
// driver whose METHOD_NEITHER IOCTLs upload coefficient blocks and routing
// tables from the configuration service. ProbeForRead and ProbeForWrite
// check [Address, Address + Length): bytes past that range are not checked,
// a zero Length checks nothing at all (not even that the address is a user
// address), and ProbeForRead does not check that the pages are writable.
// Every access is inside __try/__except and every pointer is probed: the
// only defect in each handler is the probe's range or kind.

#include <ntddk.h>

#define DSP_MAX_COEFFICIENTS 512
#define DSP_MAX_NAME_CHARS 32
#define DSP_DEFAULT_GAIN (-600)

#define IOCTL_DSP_LOAD_COEFFICIENTS \
    CTL_CODE(FILE_DEVICE_SOUND, 0x900, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_DSP_SET_ROUTE \
    CTL_CODE(FILE_DEVICE_SOUND, 0x901, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_DSP_SET_GAIN \
    CTL_CODE(FILE_DEVICE_SOUND, 0x902, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_DSP_SET_MUTE \
    CTL_CODE(FILE_DEVICE_SOUND, 0x903, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_DSP_APPLY_PRESET \
    CTL_CODE(FILE_DEVICE_SOUND, 0x904, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)
#define IOCTL_DSP_GET_STATISTICS \
    CTL_CODE(FILE_DEVICE_SOUND, 0x905, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_DSP_GET_METERS \
    CTL_CODE(FILE_DEVICE_SOUND, 0x906, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_DSP_RUN_BATCH \
    CTL_CODE(FILE_DEVICE_SOUND, 0x907, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_DSP_SET_NAME \
    CTL_CODE(FILE_DEVICE_SOUND, 0x908, METHOD_NEITHER, FILE_WRITE_DATA)

typedef struct _DSP_BLOCK_HEADER {
    ULONG Length;           // bytes of Data
    ULONG Format;
} DSP_BLOCK_HEADER, *PDSP_BLOCK_HEADER;

typedef struct _DSP_COEFF_BLOCK {
    DSP_BLOCK_HEADER Header;
    LONG Data[1];
} DSP_COEFF_BLOCK, *PDSP_COEFF_BLOCK;

typedef struct _DSP_ROUTE_V1 {
    ULONG Source;
    ULONG Sink;
} DSP_ROUTE_V1, *PDSP_ROUTE_V1;

typedef struct _DSP_ROUTE_V2 {
    ULONG Source;
    ULONG Sink;
    ULONG LatencyMs;        // added in v2
} DSP_ROUTE_V2, *PDSP_ROUTE_V2;

typedef struct _DSP_GAIN {
    LONG Millibels;
} DSP_GAIN, *PDSP_GAIN;

typedef struct _DSP_MUTE {
    ULONG Channel;
    ULONG Mute;
} DSP_MUTE, *PDSP_MUTE;

// IOCTL_DSP_APPLY_PRESET: the driver reports the result in Status.
typedef struct _DSP_PRESET {
    ULONG PresetId;
    ULONG Status;
} DSP_PRESET, *PDSP_PRESET;

typedef struct _DSP_STATISTICS {
    ULONG64 FramesProcessed;
    ULONG64 Underruns;
} DSP_STATISTICS, *PDSP_STATISTICS;

typedef struct _DSP_METER {
    LONG PeakMillibels;
    LONG RmsMillibels;
} DSP_METER, *PDSP_METER;

typedef struct _DSP_COMMAND {
    ULONG Opcode;
    ULONG Argument;
} DSP_COMMAND, *PDSP_COMMAND;

typedef struct _DSP_BATCH {
    ULONG Count;
    ULONG Reserved;
    DSP_COMMAND Commands[1];
} DSP_BATCH, *PDSP_BATCH;

typedef struct _DSP_NAME_REQUEST {
    ULONG NameOffset;       // from the start of the request
    ULONG NameLength;       // bytes
} DSP_NAME_REQUEST, *PDSP_NAME_REQUEST;

typedef struct _DSP_EXTENSION {
    LONG Coefficients[DSP_MAX_COEFFICIENTS];
    DSP_ROUTE_V2 Route;
    LONG Gain;
    ULONG MutedChannels;
    ULONG ActivePreset;
    DSP_STATISTICS Statistics;
    DSP_METER Meters[8];
    DSP_COMMAND LastCommand;
    WCHAR Name[DSP_MAX_NAME_CHARS];
} DSP_EXTENSION, *PDSP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DspUnload;
DRIVER_DISPATCH DspCreateClose;
DRIVER_DISPATCH DspDeviceControl;

//
// Case: the header is probed; the data after it, whose length the header
// gives, is copied unprobed.
//
static NTSTATUS
DspLoadCoefficients(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_COEFF_BLOCK userBlock = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG length;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(DSP_BLOCK_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userBlock, sizeof(DSP_BLOCK_HEADER), TYPE_ALIGNMENT(DSP_BLOCK_HEADER));
        length = userBlock->Header.Length;
        if (length > sizeof(Ext->Coefficients)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            RtlCopyMemory(Ext->Coefficients, userBlock->Data, length); // expected-error{{range probed by}}
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Case: the v1 size is probed and a v2 field is read.
//
static NTSTATUS
DspSetRoute(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_ROUTE_V2 userRoute = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    DSP_ROUTE_V2 route;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(DSP_ROUTE_V2)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userRoute, sizeof(DSP_ROUTE_V1), TYPE_ALIGNMENT(DSP_ROUTE_V1));
        route.Source = userRoute->Source;
        route.Sink = userRoute->Sink;
        route.LatencyMs = userRoute->LatencyMs; // expected-error{{range probed by}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->Route = route;
    return STATUS_SUCCESS;
}

//
// Case: an empty request means "reset to the default gain", but the gain is
// read before that case is handled: with InputBufferLength 0 the probe
// checks nothing and the read goes wherever the caller pointed.
//
static NTSTATUS
DspSetGain(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_GAIN userGain = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    LONG gain = DSP_DEFAULT_GAIN;

    if (inLength != 0 && inLength < sizeof(DSP_GAIN)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userGain, inLength, TYPE_ALIGNMENT(DSP_GAIN));
        gain = userGain->Millibels; // expected-error{{may probe zero bytes}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (inLength == 0) {
        gain = DSP_DEFAULT_GAIN;
    }
    Ext->Gain = gain;
    return STATUS_SUCCESS;
}

//
// Case: the probe length is the caller's InputBufferLength, never compared
// with the size of what is read.
//
static NTSTATUS
DspSetMute(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_MUTE userMute = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    DSP_MUTE mute;

    __try {
        ProbeForRead(userMute, IrpSp->Parameters.DeviceIoControl.InputBufferLength, 1);
        mute = *userMute; // expected-error{{may probe zero bytes}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (mute.Channel >= 32) {
        return STATUS_INVALID_PARAMETER;
    }
    if (mute.Mute) {
        Ext->MutedChannels |= 1u << mute.Channel;
    } else {
        Ext->MutedChannels &= ~(1u << mute.Channel);
    }
    return STATUS_SUCCESS;
}

//
// Case: the request is probed for reading, then the result is written back
// into it.
//
static NTSTATUS
DspApplyPreset(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_PRESET userPreset = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG presetId;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(DSP_PRESET)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userPreset, sizeof(DSP_PRESET), TYPE_ALIGNMENT(DSP_PRESET));
        presetId = userPreset->PresetId;
        Ext->ActivePreset = presetId < 16 ? presetId : Ext->ActivePreset;
        userPreset->Status = presetId < 16 ? STATUS_SUCCESS : STATUS_NOT_FOUND; // expected-error{{checks the buffer for reading but it is written}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Case: the output buffer is probed with ProbeForRead, which does not check
// that the pages are writable.
//
static NTSTATUS
DspGetStatistics(PDSP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PVOID userStatistics = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DSP_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userStatistics, sizeof(DSP_STATISTICS), TYPE_ALIGNMENT(DSP_STATISTICS));
        RtlCopyMemory(userStatistics, &Ext->Statistics, sizeof(DSP_STATISTICS)); // expected-error{{checks the buffer for reading but it is written}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(DSP_STATISTICS);
    }
    return status;
}

//
// Case: one meter's worth is probed for writing, all eight are written.
//
static NTSTATUS
DspGetMeters(PDSP_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PDSP_METER userMeters = Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(Ext->Meters)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForWrite(userMeters, sizeof(DSP_METER), TYPE_ALIGNMENT(DSP_METER));
        RtlCopyMemory(userMeters, Ext->Meters, sizeof(Ext->Meters)); // expected-error{{range probed by}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = sizeof(Ext->Meters);
    }
    return status;
}

//
// Case: the batch header is probed, then a command after it is read.
//
static NTSTATUS
DspRunBatch(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PDSP_BATCH userBatch = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    DSP_COMMAND first;
    ULONG count;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(DSP_BATCH)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userBatch, FIELD_OFFSET(DSP_BATCH, Commands), TYPE_ALIGNMENT(DSP_BATCH));
        count = userBatch->Count;
        if (count == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        first = userBatch->Commands[0]; // expected-error{{range probed by}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Ext->LastCommand = first;
    return STATUS_SUCCESS;
}

//
// Case: the whole request is probed, but the name is found at an offset and
// length the caller chose, never checked against InputBufferLength.
//
static NTSTATUS
DspSetName(PDSP_EXTENSION Ext, PIO_STACK_LOCATION IrpSp)
{
    PUCHAR userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    DSP_NAME_REQUEST request;
    WCHAR name[DSP_MAX_NAME_CHARS];

    if (inLength < sizeof(DSP_NAME_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    __try {
        ProbeForRead(userRequest, inLength, TYPE_ALIGNMENT(DSP_NAME_REQUEST));
        request = *(PDSP_NAME_REQUEST)userRequest;
        if (request.NameLength > sizeof(name) - sizeof(WCHAR)) {
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(name, userRequest + request.NameOffset, request.NameLength); // expected-error{{range probed by}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    name[request.NameLength / sizeof(WCHAR)] = L'\0';
    RtlCopyMemory(Ext->Name, name, sizeof(Ext->Name));
    return STATUS_SUCCESS;
}

NTSTATUS
DspDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDSP_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DSP_LOAD_COEFFICIENTS:
        status = DspLoadCoefficients(ext, irpSp);
        break;
    case IOCTL_DSP_SET_ROUTE:
        status = DspSetRoute(ext, irpSp);
        break;
    case IOCTL_DSP_SET_GAIN:
        status = DspSetGain(ext, irpSp);
        break;
    case IOCTL_DSP_SET_MUTE:
        status = DspSetMute(ext, irpSp);
        break;
    case IOCTL_DSP_APPLY_PRESET:
        status = DspApplyPreset(ext, irpSp);
        break;
    case IOCTL_DSP_GET_STATISTICS:
        status = DspGetStatistics(ext, Irp, irpSp);
        break;
    case IOCTL_DSP_GET_METERS:
        status = DspGetMeters(ext, Irp, irpSp);
        break;
    case IOCTL_DSP_RUN_BATCH:
        status = DspRunBatch(ext, irpSp);
        break;
    case IOCTL_DSP_SET_NAME:
        status = DspSetName(ext, irpSp);
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
DspCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
DspUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoDsp");

    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ContosoDsp");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ContosoDsp");
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(DSP_EXTENSION), &name, FILE_DEVICE_SOUND,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(deviceObject->DeviceExtension, sizeof(DSP_EXTENSION));

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DspCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DspCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DspDeviceControl;
    DriverObject->DriverUnload = DspUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
