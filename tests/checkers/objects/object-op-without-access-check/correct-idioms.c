// drvcert-test: rules=object-op-without-access-check
//
// A backup filter's control device, written the careful way: files and keys
// named by the caller are opened with OBJ_FORCE_ACCESS_CHECK (or
// IO_FORCE_ACCESS_CHECK, or AccessMode UserMode), so the caller's token
// decides; names the driver builds from constants need no check; requests
// from kernel-mode components are trusted. No finding.

#include <ntifs.h>
#include <ntstrsafe.h>

// Exported by ntoskrnl but undocumented: drivers declare it themselves.
NTKERNELAPI NTSTATUS NTAPI ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes,
                                              POBJECT_TYPE ObjectType,
                                              KPROCESSOR_MODE AccessMode,
                                              PACCESS_STATE AccessState,
                                              ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                              PHANDLE Handle);

#define BK_MAX_PATH 260

#define IOCTL_BK_DELETE_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BK_OPEN_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_BK_OPEN_KEY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x842, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_BK_WRITE_STATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x843, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BK_INTERNAL_DELETE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x844, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BK_OPEN_DIRECTORY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x845, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _BK_PATH_REQUEST {
    WCHAR Path[BK_MAX_PATH];
    ULONG Generation;
} BK_PATH_REQUEST, *PBK_PATH_REQUEST;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH BkDeviceControl;

static VOID
BkInitPath(PBK_PATH_REQUEST Request, PUNICODE_STRING Path)
{
    Request->Path[BK_MAX_PATH - 1] = L'\0';
    RtlInitUnicodeString(Path, Request->Path);
}

//
// Idiom: OBJ_FORCE_ACCESS_CHECK on a delete by the caller's name.
//
static NTSTATUS
BkDeleteFile(PBK_PATH_REQUEST Request)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;

    BkInitPath(Request, &path);
    InitializeObjectAttributes(&attributes, &path,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK,
                               NULL, NULL);
    return ZwDeleteFile(&attributes);
}

//
// Idiom: IoCreateFileEx with IO_FORCE_ACCESS_CHECK.
//
static NTSTATUS
BkOpenFile(PBK_PATH_REQUEST Request)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    BkInitPath(Request, &path);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = IoCreateFileEx(&file, FILE_READ_DATA | SYNCHRONIZE, &attributes, &ioStatus, NULL,
                            FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN,
                            FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, CreateFileTypeNone, NULL,
                            IO_FORCE_ACCESS_CHECK, NULL);
    if (NT_SUCCESS(status)) {
        ZwClose(file);
    }
    return status;
}

//
// Idiom: a registry key by the caller's name, access checked.
//
static NTSTATUS
BkOpenKey(PBK_PATH_REQUEST Request)
{
    UNICODE_STRING keyName;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    BkInitPath(Request, &keyName);
    InitializeObjectAttributes(&attributes, &keyName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (NT_SUCCESS(status)) {
        ZwClose(key);
    }
    return status;
}

//
// Idiom: the driver's own state file; only a number comes from the caller.
//
static NTSTATUS
BkWriteState(PBK_PATH_REQUEST Request)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\System32\\config\\BkState.dat");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateFile(&file, FILE_WRITE_DATA | SYNCHRONIZE, &attributes, &ioStatus, NULL,
                          FILE_ATTRIBUTE_NORMAL, 0, FILE_OVERWRITE_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwWriteFile(file, NULL, NULL, NULL, &ioStatus, &Request->Generation,
                         sizeof(Request->Generation), NULL, NULL);
    ZwClose(file);
    return status;
}

//
// Idiom: ObOpenObjectByName with the caller's mode as AccessMode.
//
static NTSTATUS
BkOpenDirectory(PIRP Irp, PBK_PATH_REQUEST Request)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    HANDLE directory;
    NTSTATUS status;

    BkInitPath(Request, &path);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ObOpenObjectByName(&attributes, NULL, UserMode, NULL, DIRECTORY_QUERY, NULL,
                                &directory);
    UNREFERENCED_PARAMETER(Irp);
    if (NT_SUCCESS(status)) {
        ZwClose(directory);
    }
    return status;
}

NTSTATUS
BkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PBK_PATH_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(BK_PATH_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
        goto done;
    }
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_BK_DELETE_FILE:
        status = BkDeleteFile(request);
        break;
    case IOCTL_BK_OPEN_FILE:
        status = BkOpenFile(request);
        break;
    case IOCTL_BK_OPEN_KEY:
        status = BkOpenKey(request);
        break;
    case IOCTL_BK_WRITE_STATE:
        status = BkWriteState(request);
        break;
    case IOCTL_BK_OPEN_DIRECTORY:
        status = BkOpenDirectory(Irp, request);
        break;
    case IOCTL_BK_INTERNAL_DELETE: {
        // Sent by the backup filter itself; user-mode callers are refused.
        UNICODE_STRING path;
        OBJECT_ATTRIBUTES attributes;

        if (Irp->RequestorMode != KernelMode) {
            status = STATUS_ACCESS_DENIED;
            break;
        }
        BkInitPath(request, &path);
        InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, NULL);
        status = ZwDeleteFile(&attributes);
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
done:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\BackupCtl");
    PDEVICE_OBJECT deviceObject;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BkDeviceControl;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                          FALSE, &deviceObject);
}
