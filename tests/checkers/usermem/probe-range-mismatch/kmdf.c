// drvcert-test: rules=probe-range-mismatch
//
// A KMDF I2C bridge driver that serves METHOD_NEITHER transfer IOCTLs in
// EvtIoInCallerContext. WdfRequestRetrieveUnsafeUserInputBuffer and
// ...OutputBuffer return the caller's raw addresses; on success the
// returned Length is at least MinimumRequiredLength (which may be 0, and so
// may the Length then). The driver probes them itself, and the probes must
// cover what it reads and writes.

#include <ntddk.h>
#include <wdf.h>

#define I2C_MAX_PAYLOAD 64

#define IOCTL_I2C_WRITE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_I2C_GET_STATUS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_I2C_SELECT_REGISTER \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_I2C_SET_ADDRESS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_NEITHER, FILE_WRITE_DATA)
#define IOCTL_I2C_GET_STATUS_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_NEITHER, FILE_READ_DATA)
#define IOCTL_I2C_WRITE_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x905, METHOD_NEITHER, FILE_WRITE_DATA)

typedef struct _I2C_TRANSFER_HEADER {
    USHORT SlaveAddress;
    USHORT Flags;
    ULONG Length;           // bytes of Data
} I2C_TRANSFER_HEADER, *PI2C_TRANSFER_HEADER;

typedef struct _I2C_TRANSFER {
    I2C_TRANSFER_HEADER Header;
    UCHAR Data[1];
} I2C_TRANSFER, *PI2C_TRANSFER;

typedef struct _I2C_STATUS {
    ULONG BusState;
    ULONG Errors;
} I2C_STATUS, *PI2C_STATUS;

typedef struct _I2C_ADDRESS {
    USHORT SlaveAddress;
    USHORT TenBit;
} I2C_ADDRESS, *PI2C_ADDRESS;

typedef struct _DEVICE_CONTEXT {
    UCHAR Payload[I2C_MAX_PAYLOAD];
    ULONG PayloadLength;
    USHORT SlaveAddress;
    UCHAR Register;
    I2C_STATUS Status;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, I2cGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD I2cEvtDeviceAdd;
EVT_WDF_IO_IN_CALLER_CONTEXT I2cEvtIoInCallerContext;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL I2cEvtIoDeviceControl;

static const GUID GUID_DEVINTERFACE_I2C_BRIDGE =
    { 0x8a1f3b52, 0x6c0e, 0x4d9b, { 0xa4, 0x37, 0x19, 0xe2, 0x5b, 0x80, 0xc6, 0x0d } };

//
// Case: the header is probed; the payload after it is copied unprobed.
//
static NTSTATUS
I2cWrite(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PI2C_TRANSFER userTransfer;
    I2C_TRANSFER_HEADER header;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(I2C_TRANSFER_HEADER),
                                                     (PVOID *)&userTransfer, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userTransfer, sizeof(I2C_TRANSFER_HEADER), TYPE_ALIGNMENT(I2C_TRANSFER_HEADER));
        header = userTransfer->Header;
        if (header.Length > sizeof(DevCtx->Payload)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            RtlCopyMemory(DevCtx->Payload, userTransfer->Data, header.Length); // expected-error{{range probed by}}
            DevCtx->PayloadLength = header.Length;
            DevCtx->SlaveAddress = header.SlaveAddress;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Case: the output buffer is probed for reading, then written.
//
static NTSTATUS
I2cGetStatus(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PI2C_STATUS userStatus;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserOutputBuffer(Request, sizeof(I2C_STATUS),
                                                      (PVOID *)&userStatus, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userStatus, sizeof(I2C_STATUS), TYPE_ALIGNMENT(I2C_STATUS));
        *userStatus = DevCtx->Status; // expected-error{{checks the buffer for reading but it is written}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, sizeof(I2C_STATUS));
    }
    return status;
}

//
// Case: MinimumRequiredLength 0 lets a zero-length request through, and a
// zero-length probe checks nothing; the register byte is read anyway.
//
static NTSTATUS
I2cSelectRegister(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PUCHAR userRegister;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, 0, (PVOID *)&userRegister, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userRegister, length, 1);
        DevCtx->Register = *userRegister; // expected-error{{may probe zero bytes}}
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

//
// Correct: MinimumRequiredLength is the structure's size, so the returned
// Length, which is probed, covers the read.
//
static NTSTATUS
I2cSetAddress(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PI2C_ADDRESS userAddress;
    size_t length;
    I2C_ADDRESS address;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(I2C_ADDRESS),
                                                     (PVOID *)&userAddress, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userAddress, length, TYPE_ALIGNMENT(I2C_ADDRESS));
        address = *userAddress; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (address.SlaveAddress > (address.TenBit ? 0x3FF : 0x7F)) {
        return STATUS_INVALID_PARAMETER;
    }
    DevCtx->SlaveAddress = address.SlaveAddress;
    return STATUS_SUCCESS;
}

//
// Correct: ProbeForWrite, then a write within the probed range.
//
static NTSTATUS
I2cGetStatusChecked(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PI2C_STATUS userStatus;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserOutputBuffer(Request, sizeof(I2C_STATUS),
                                                      (PVOID *)&userStatus, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForWrite(userStatus, sizeof(I2C_STATUS), TYPE_ALIGNMENT(I2C_STATUS));
        *userStatus = DevCtx->Status; // no-warning
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, sizeof(I2C_STATUS));
    }
    return status;
}

//
// Correct: the whole buffer is probed and the header's length checked
// against it before the payload is copied.
//
static NTSTATUS
I2cWriteChecked(PDEVICE_CONTEXT DevCtx, WDFREQUEST Request)
{
    PI2C_TRANSFER userTransfer;
    I2C_TRANSFER_HEADER header;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveUnsafeUserInputBuffer(Request, sizeof(I2C_TRANSFER_HEADER),
                                                     (PVOID *)&userTransfer, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    __try {
        ProbeForRead(userTransfer, length, TYPE_ALIGNMENT(I2C_TRANSFER_HEADER));
        header = userTransfer->Header; // no-warning
        if (header.Length > length - sizeof(I2C_TRANSFER_HEADER) ||
            header.Length > sizeof(DevCtx->Payload)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            RtlCopyMemory(DevCtx->Payload, userTransfer->Data, header.Length); // no-warning
            DevCtx->PayloadLength = header.Length;
            DevCtx->SlaveAddress = header.SlaveAddress;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

VOID
I2cEvtIoInCallerContext(WDFDEVICE Device, WDFREQUEST Request)
{
    PDEVICE_CONTEXT devCtx = I2cGetDeviceContext(Device);
    WDF_REQUEST_PARAMETERS params;
    NTSTATUS status;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (params.Type == WdfRequestTypeDeviceControl) {
        switch (params.Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_I2C_WRITE:
            WdfRequestComplete(Request, I2cWrite(devCtx, Request));
            return;
        case IOCTL_I2C_GET_STATUS:
            WdfRequestComplete(Request, I2cGetStatus(devCtx, Request));
            return;
        case IOCTL_I2C_SELECT_REGISTER:
            WdfRequestComplete(Request, I2cSelectRegister(devCtx, Request));
            return;
        case IOCTL_I2C_SET_ADDRESS:
            WdfRequestComplete(Request, I2cSetAddress(devCtx, Request));
            return;
        case IOCTL_I2C_GET_STATUS_CHECKED:
            WdfRequestComplete(Request, I2cGetStatusChecked(devCtx, Request));
            return;
        case IOCTL_I2C_WRITE_CHECKED:
            WdfRequestComplete(Request, I2cWriteChecked(devCtx, Request));
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

VOID
I2cEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                      size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    // Every supported code is handled in the caller's context.
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS
I2cEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WdfDeviceInitSetIoInCallerContextCallback(DeviceInit, I2cEvtIoInCallerContext);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_I2C_BRIDGE, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = I2cEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, I2cEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config,
                           WDF_NO_HANDLE);
}
