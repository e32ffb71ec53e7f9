// drvcert-test: rules=handle-missing-kernel-flag
//
// A telemetry driver that opens its log file, its configuration key and a
// shared section while handling requests. The dispatch routine runs in the
// requesting process, so each handle created without OBJ_KERNEL_HANDLE
// lands in that process's handle table, where the application can use it,
// close it or swap it.

#include <ntifs.h>

#define IOCTL_TEL_APPEND \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TEL_RELOAD_CONFIG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TEL_MAP_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x872, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TEL_NOTIFY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x873, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _TEL_RECORD {
    ULONG Kind;
    ULONG Value;
} TEL_RECORD, *PTEL_RECORD;

// Signaled when a new record is available; created in DriverEntry.
PKEVENT TelRecordEvent;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH TelDeviceControl;

static NTSTATUS
TelAppend(PTEL_RECORD Record)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\telemetry.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &ioStatus, NULL, // expected-warning{{'ZwCreateFile' creates a handle without OBJ_KERNEL_HANDLE on a path that starts at 'TelDeviceControl', so it lands in the calling process's handle table}}
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwWriteFile(file, NULL, NULL, NULL, &ioStatus, Record, sizeof(*Record), NULL, NULL);
    ZwClose(file);
    return status;
}

static NTSTATUS
TelReloadConfig(VOID)
{
    UNICODE_STRING keyName =
        RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\Tel");
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, &keyName, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes); // expected-warning{{'ZwOpenKey' creates a handle without OBJ_KERNEL_HANDLE}}
    if (NT_SUCCESS(status)) {
        ZwClose(key);
    }
    return status;
}

static NTSTATUS
TelMapCounters(VOID)
{
    UNICODE_STRING sectionName = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\TelCounters");
    OBJECT_ATTRIBUTES attributes;
    LARGE_INTEGER size;
    HANDLE section;
    NTSTATUS status;

    size.QuadPart = PAGE_SIZE;
    InitializeObjectAttributes(&attributes, &sectionName, OBJ_OPENIF, NULL, NULL);
    status = ZwCreateSection(&section, SECTION_MAP_READ, &attributes, &size, PAGE_READONLY, // expected-warning{{'ZwCreateSection' creates a handle without OBJ_KERNEL_HANDLE}}
                             SEC_COMMIT, NULL);
    if (NT_SUCCESS(status)) {
        ZwClose(section);
    }
    return status;
}

static NTSTATUS
TelNotify(VOID)
{
    HANDLE eventHandle;
    NTSTATUS status;

    status = ObOpenObjectByPointer(TelRecordEvent, 0, NULL, EVENT_MODIFY_STATE, *ExEventObjectType, // expected-warning{{'ObOpenObjectByPointer' creates a handle without OBJ_KERNEL_HANDLE}}
                                   KernelMode, &eventHandle);
    if (NT_SUCCESS(status)) {
        ZwSetEvent(eventHandle, NULL);
        ZwClose(eventHandle);
    }
    return status;
}

NTSTATUS
TelDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TEL_APPEND:
        status = irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(TEL_RECORD)
                     ? STATUS_BUFFER_TOO_SMALL
                     : TelAppend(Irp->AssociatedIrp.SystemBuffer);
        break;
    case IOCTL_TEL_RELOAD_CONFIG:
        status = TelReloadConfig();
        break;
    case IOCTL_TEL_MAP_COUNTERS:
        status = TelMapCounters();
        break;
    case IOCTL_TEL_NOTIFY:
        status = TelNotify();
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Telemetry");
    PDEVICE_OBJECT deviceObject;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TelDeviceControl;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                          FALSE, &deviceObject);
}
