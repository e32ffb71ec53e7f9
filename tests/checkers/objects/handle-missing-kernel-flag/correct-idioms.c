// drvcert-test: rules=handle-missing-kernel-flag
//
// The same telemetry driver done right: every handle the dispatch path
// creates for the driver carries OBJ_KERNEL_HANDLE; handles created in
// DriverEntry and in the driver's system thread live in the System process
// (not reported there); a handle created for the caller on purpose
// (ObOpenObjectByPointer with AccessMode UserMode) is the caller's. No
// finding.

#include <ntifs.h>

#define IOCTL_TEL_APPEND \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TEL_OPEN_EVENT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TEL_EXTENSION {
    HANDLE ConfigKey;
    PKEVENT ReadyEvent;
} TEL_EXTENSION, *PTEL_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH TelDeviceControl;
KSTART_ROUTINE TelFlushThread;

static NTSTATUS
TelAppend(PVOID Record, ULONG Length)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\telemetry.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &ioStatus, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwWriteFile(file, NULL, NULL, NULL, &ioStatus, Record, Length, NULL, NULL);
    ZwClose(file);
    return status;
}

NTSTATUS
TelDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PTEL_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    HANDLE eventHandle;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TEL_APPEND:
        status = TelAppend(Irp->AssociatedIrp.SystemBuffer,
                           irpSp->Parameters.DeviceIoControl.InputBufferLength);
        break;
    case IOCTL_TEL_OPEN_EVENT:
        // A handle for the service to wait on: opened in its handle table on
        // purpose, with its own access checked.
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HANDLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = ObOpenObjectByPointer(extension->ReadyEvent, 0, NULL, SYNCHRONIZE,
                                       *ExEventObjectType, UserMode, &eventHandle);
        if (NT_SUCCESS(status)) {
            *(PHANDLE)Irp->AssociatedIrp.SystemBuffer = eventHandle;
            Irp->IoStatus.Information = sizeof(HANDLE);
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
TelFlushThread(PVOID Context)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\telemetry.old");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;

    UNREFERENCED_PARAMETER(Context);
    // The System process: no user code can reach this handle table.
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwCreateFile(&file, DELETE | SYNCHRONIZE, &attributes, &ioStatus, NULL,
                                FILE_ATTRIBUTE_NORMAL, 0, FILE_OPEN,
                                FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL, 0))) {
        ZwClose(file);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Telemetry");
    PDEVICE_OBJECT deviceObject;
    PTEL_EXTENSION extension;
    OBJECT_ATTRIBUTES attributes;
    HANDLE thread;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(TEL_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    extension = deviceObject->DeviceExtension;
    RtlZeroMemory(extension, sizeof(TEL_EXTENSION));
    // DriverEntry runs in the System process.
    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&extension->ConfigKey, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL,
                                  TelFlushThread, NULL);
    if (NT_SUCCESS(status)) {
        ZwClose(thread);
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TelDeviceControl;
    return STATUS_SUCCESS;
}
