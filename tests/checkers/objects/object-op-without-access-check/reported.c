// drvcert-test: rules=object-op-without-access-check
//
// The file and registry helpers of an "optimizer" utility driver: its
// service sends a path and the driver deletes, creates or renames the file
// or edits the registry key, with the Zw routines (kernel previous mode) and
// no OBJ_FORCE_ACCESS_CHECK, so any user can delete system files or write
// protected keys through it.

#include <ntifs.h>
#include <ntstrsafe.h>

#define OPT_MAX_PATH 260

#define IOCTL_OPT_DELETE_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OPT_WRITE_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OPT_SET_STARTUP \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x832, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OPT_OPEN_FOR_SCAN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x833, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_OPT_QUARANTINE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x834, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OPT_CLEAN_KEY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x835, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OPT_RENAME_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x836, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _OPT_PATH_REQUEST {
    WCHAR Path[OPT_MAX_PATH];
} OPT_PATH_REQUEST, *POPT_PATH_REQUEST;

typedef struct _OPT_STARTUP_REQUEST {
    WCHAR KeyName[64];
    WCHAR ValueName[64];
    WCHAR Command[OPT_MAX_PATH];
} OPT_STARTUP_REQUEST, *POPT_STARTUP_REQUEST;

typedef struct _OPT_SCAN_REQUEST {
    UNICODE_STRING FileName;   // Buffer points into the caller's memory
} OPT_SCAN_REQUEST, *POPT_SCAN_REQUEST;

DRIVER_INITIALIZE DriverEntry;
DRIVER_DISPATCH OptDeviceControl;

//
// Case: ZwDeleteFile on the caller's path (RtlInitUnicodeString over the
// SystemBuffer).
//
static NTSTATUS
OptDeleteFile(POPT_PATH_REQUEST Request)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;

    Request->Path[OPT_MAX_PATH - 1] = L'\0';
    RtlInitUnicodeString(&path, Request->Path);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    return ZwDeleteFile(&attributes); // expected-error{{'ZwDeleteFile' deletes a file whose name comes from the SystemBuffer without OBJ_FORCE_ACCESS_CHECK; the call runs with kernel previous mode}}
}

//
// Case: the path is formatted into a local buffer under \??\ first.
//
static NTSTATUS
OptWriteFile(POPT_PATH_REQUEST Request)
{
    WCHAR fullPath[OPT_MAX_PATH + 8];
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    Request->Path[OPT_MAX_PATH - 1] = L'\0';
    status = RtlStringCbPrintfW(fullPath, sizeof(fullPath), L"\\??\\%ws", Request->Path);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&path, fullPath);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateFile(&file, GENERIC_WRITE | SYNCHRONIZE, &attributes, &ioStatus, NULL, // expected-error{{'ZwCreateFile' opens a file whose name comes from the SystemBuffer without OBJ_FORCE_ACCESS_CHECK}}
                          FILE_ATTRIBUTE_NORMAL, 0, FILE_OVERWRITE_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (NT_SUCCESS(status)) {
        ZwClose(file);
    }
    return status;
}

//
// Case: a registry key under the machine's Run keys, named by the caller.
//
static NTSTATUS
OptSetStartup(POPT_STARTUP_REQUEST Request)
{
    WCHAR keyPath[128];
    UNICODE_STRING keyName;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    ULONG disposition;
    NTSTATUS status;

    Request->KeyName[RTL_NUMBER_OF(Request->KeyName) - 1] = L'\0';
    Request->ValueName[RTL_NUMBER_OF(Request->ValueName) - 1] = L'\0';
    Request->Command[OPT_MAX_PATH - 1] = L'\0';
    status = RtlStringCbCopyW(keyPath, sizeof(keyPath), L"\\Registry\\Machine\\Software\\");
    if (NT_SUCCESS(status)) {
        status = RtlStringCbCatW(keyPath, sizeof(keyPath), Request->KeyName);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&keyName, keyPath);
    InitializeObjectAttributes(&attributes, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_SET_VALUE, &attributes, 0, NULL, REG_OPTION_NON_VOLATILE, // expected-error{{'ZwCreateKey' opens a registry key whose name comes from the SystemBuffer}}
                         &disposition);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&valueName, Request->ValueName);
    status = ZwSetValueKey(key, &valueName, 0, REG_SZ, Request->Command,
                           (ULONG)(wcslen(Request->Command) + 1) * sizeof(WCHAR));
    ZwClose(key);
    return status;
}

//
// Case: IoCreateFileEx with the caller's name, Options without
// IO_FORCE_ACCESS_CHECK.
//
static NTSTATUS
OptQuarantine(POPT_PATH_REQUEST Request)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    Request->Path[OPT_MAX_PATH - 1] = L'\0';
    RtlInitUnicodeString(&path, Request->Path);
    InitializeObjectAttributes(&attributes, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = IoCreateFileEx(&file, DELETE | SYNCHRONIZE, &attributes, &ioStatus, NULL, // expected-error{{'IoCreateFileEx' opens a file whose name comes from the SystemBuffer without OBJ_FORCE_ACCESS_CHECK}}
                            FILE_ATTRIBUTE_NORMAL, 0, FILE_OPEN,
                            FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL, 0,
                            CreateFileTypeNone, NULL, IO_NO_PARAMETER_CHECKING, NULL);
    if (NT_SUCCESS(status)) {
        ZwClose(file);
    }
    return status;
}

//
// Case: a METHOD_NEITHER request carrying a UNICODE_STRING; the name is
// opened as it is.
//
static NTSTATUS
OptOpenForScan(PIO_STACK_LOCATION IrpSp)
{
    POPT_SCAN_REQUEST request = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    NTSTATUS status;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(OPT_SCAN_REQUEST)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    InitializeObjectAttributes(&attributes, &request->FileName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenFile(&file, FILE_READ_DATA | SYNCHRONIZE, &attributes, &ioStatus, // expected-error{{'ZwOpenFile' opens a file whose name comes from Type3InputBuffer}}
                        FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
    if (NT_SUCCESS(status)) {
        ZwClose(file);
    }
    return status;
}

//
// Case: a key opened by the caller's name, then deleted.
//
static NTSTATUS
OptCleanKey(POPT_PATH_REQUEST Request)
{
    UNICODE_STRING keyName;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    Request->Path[OPT_MAX_PATH - 1] = L'\0';
    RtlInitUnicodeString(&keyName, Request->Path);
    InitializeObjectAttributes(&attributes, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, DELETE, &attributes); // expected-error{{'ZwOpenKey' opens a registry key whose name comes from the SystemBuffer}}
    if (NT_SUCCESS(status)) {
        status = ZwDeleteKey(key);
        ZwClose(key);
    }
    return status;
}

//
// Case: the source is opened with the caller's access checked, but the
// rename target comes from the caller and is opened with kernel previous
// mode.
//
typedef struct _OPT_RENAME_REQUEST {
    WCHAR Source[OPT_MAX_PATH];
    WCHAR Target[OPT_MAX_PATH];
} OPT_RENAME_REQUEST, *POPT_RENAME_REQUEST;

static NTSTATUS
OptRenameFile(POPT_RENAME_REQUEST Request)
{
    UNICODE_STRING source;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    PFILE_RENAME_INFORMATION rename;
    ULONG targetBytes;
    HANDLE file;
    NTSTATUS status;

    Request->Source[OPT_MAX_PATH - 1] = L'\0';
    Request->Target[OPT_MAX_PATH - 1] = L'\0';
    RtlInitUnicodeString(&source, Request->Source);
    InitializeObjectAttributes(&attributes, &source,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK,
                               NULL, NULL);
    status = ZwOpenFile(&file, DELETE | SYNCHRONIZE, &attributes, &ioStatus, 0,
                        FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    targetBytes = (ULONG)wcslen(Request->Target) * sizeof(WCHAR);
    rename = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FILE_RENAME_INFORMATION) + targetBytes, 'tpOX');
    if (rename == NULL) {
        ZwClose(file);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    rename->ReplaceIfExists = TRUE;
    rename->RootDirectory = NULL;
    rename->FileNameLength = targetBytes;
    RtlCopyMemory(rename->FileName, Request->Target, targetBytes);
    status = ZwSetInformationFile(file, &ioStatus, rename, // expected-error{{'ZwSetInformationFile' renames a file to a target name that comes from the SystemBuffer; the target directory is opened with kernel previous mode}}
                                  sizeof(FILE_RENAME_INFORMATION) + targetBytes,
                                  FileRenameInformation);
    ExFreePoolWithTag(rename, 'tpOX');
    ZwClose(file);
    return status;
}

NTSTATUS
OptDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OPT_DELETE_FILE:
        status = inLength < sizeof(OPT_PATH_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                     : OptDeleteFile(buffer);
        break;
    case IOCTL_OPT_WRITE_FILE:
        status = inLength < sizeof(OPT_PATH_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                     : OptWriteFile(buffer);
        break;
    case IOCTL_OPT_SET_STARTUP:
        status = inLength < sizeof(OPT_STARTUP_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                        : OptSetStartup(buffer);
        break;
    case IOCTL_OPT_OPEN_FOR_SCAN:
        status = OptOpenForScan(irpSp);
        break;
    case IOCTL_OPT_QUARANTINE:
        status = inLength < sizeof(OPT_PATH_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                     : OptQuarantine(buffer);
        break;
    case IOCTL_OPT_RENAME_FILE:
        status = inLength < sizeof(OPT_RENAME_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                       : OptRenameFile(buffer);
        break;
    case IOCTL_OPT_CLEAN_KEY:
        status = inLength < sizeof(OPT_PATH_REQUEST) ? STATUS_BUFFER_TOO_SMALL
                                                     : OptCleanKey(buffer);
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
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Optimizer");
    PDEVICE_OBJECT deviceObject;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OptDeviceControl;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                          FALSE, &deviceObject);
}
