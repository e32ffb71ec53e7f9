// drvcert-test: rules=banned-string-api
//
// Correct string handling that must stay silent: the ntstrsafe.h routines
// (whose inline bodies call _vsnprintf/_vsnwprintf inside the system header),
// counted UNICODE_STRING routines, memory copies, length and comparison
// routines, a bounded CRT _s routine, the driver's own copy helper, a port
// shim that reuses a banned name with a different parameter count, and the
// address of a banned routine that is compared but never called.
// No expectations: the rule must report nothing here.

#include <ntddk.h>
#include <ntstrsafe.h>
#include <stdarg.h>
#include <string.h>
#include <wchar.h>

#define LABEL_TAG 'lbaL'
#define LABEL_CHARS 64

#define IOCTL_LABEL_SET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LABEL_GET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_LABEL_SET_WIDE_LABEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_LABEL_SET_KEYWORDS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _LABEL_EXTENSION {
    CHAR Name[LABEL_CHARS];
    WCHAR Label[LABEL_CHARS];
    WCHAR Keywords[LABEL_CHARS];
    WCHAR DeviceNameBuffer[LABEL_CHARS];
    WCHAR LinkNameBuffer[LABEL_CHARS];
    UNICODE_STRING DeviceName;
    UNICODE_STRING LinkName;
    UNICODE_STRING RegistryPath;
} LABEL_EXTENSION, *PLABEL_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LabelUnload;
DRIVER_DISPATCH LabelCreateClose;
DRIVER_DISPATCH LabelDeviceControl;

//
// Silent: the driver's own bounded copy helper. Its name is not banned.
//
static SIZE_T
StringCopy(PWCHAR Destination, SIZE_T DestinationChars, PCWSTR Source, SIZE_T SourceChars)
{
    SIZE_T count;

    if (DestinationChars == 0) {
        return 0;
    }
    count = min(DestinationChars - 1, SourceChars);
    RtlCopyMemory(Destination, Source, count * sizeof(WCHAR)); // no-warning
    Destination[count] = L'\0';
    return count;
}

//
// Silent: code shared with the user-mode service calls lstrlenW; the kernel
// build supplies a bounded version with two parameters, so it is not the
// banned one-parameter lstrlenW.
//
static int
lstrlenW(PCWSTR String, SIZE_T MaxChars)
{
    return (int)wcsnlen(String, MaxChars); // no-warning
}

//
// Silent: the variadic log routine formats with RtlStringCbVPrintfA.
//
static VOID
LabelLog(PCSTR Format, ...)
{
    CHAR line[128];
    va_list args;

    va_start(args, Format);
    if (NT_SUCCESS(RtlStringCbVPrintfA(line, sizeof(line), Format, args))) { // no-warning
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "label: %s\n", line);
    }
    va_end(args);
}

//
// Silent: the input is measured within its buffer, then copied with a count.
//
static NTSTATUS
LabelSetName(PLABEL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCSTR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    size_t length;
    NTSTATUS status;

    status = RtlStringCbLengthA(input, inLength, &length); // no-warning
    if (!NT_SUCCESS(status)) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlStringCbCopyNA(Ext->Name, sizeof(Ext->Name), input, length); // no-warning
}

//
// Silent: the reply is copied with RtlStringCbCopyExA, which reports how much
// of the output buffer it used.
//
static NTSTATUS
LabelGetName(PLABEL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCHAR output = Irp->AssociatedIrp.SystemBuffer;
    ULONG outLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    size_t remaining = 0;
    NTSTATUS status;

    if (outLength == 0 || outLength <= strlen(Ext->Name)) { // no-warning
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = RtlStringCbCopyExA(output, outLength, Ext->Name, NULL, &remaining, STRSAFE_NULL_ON_FAILURE); // no-warning
    if (NT_SUCCESS(status)) {
        Irp->IoStatus.Information = outLength - remaining + 1;
    }
    return status;
}

//
// Silent: RtlStringCchCopyNW and the bounded CRT wcscpy_s.
//
static NTSTATUS
LabelSetWideLabel(PLABEL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCWSTR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inChars = IrpSp->Parameters.DeviceIoControl.InputBufferLength / sizeof(WCHAR);
    WCHAR scratch[LABEL_CHARS];
    NTSTATUS status;

    if (inChars == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    status = RtlStringCchCopyNW(scratch, RTL_NUMBER_OF(scratch), input, inChars); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (wcscpy_s(Ext->Label, RTL_NUMBER_OF(Ext->Label), scratch) != 0) { // no-warning
        return STATUS_BUFFER_OVERFLOW;
    }
    return STATUS_SUCCESS;
}

//
// Silent: the driver's own copy helper, then RtlStringCbCatW, and lengths
// and comparisons from the CRT, none of which is banned.
//
static NTSTATUS
LabelSetKeywords(PLABEL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCWSTR input = Irp->AssociatedIrp.SystemBuffer;
    SIZE_T inChars = IrpSp->Parameters.DeviceIoControl.InputBufferLength / sizeof(WCHAR);
    SIZE_T length;

    if (inChars == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    length = wcsnlen(input, inChars); // no-warning
    if (_wcsnicmp(input, L"reset", 5) == 0) { // no-warning
        Ext->Keywords[0] = L'\0';
        return STATUS_SUCCESS;
    }
    StringCopy(Ext->Keywords, RTL_NUMBER_OF(Ext->Keywords), input, length); // no-warning
    if (lstrlenW(Ext->Keywords, RTL_NUMBER_OF(Ext->Keywords)) > 0) { // no-warning
        return RtlStringCbCatW(Ext->Keywords, sizeof(Ext->Keywords), L";"); // no-warning
    }
    return STATUS_SUCCESS;
}

//
// Silent: the address of wcscpy is compared with the routine the kernel
// exports (a hook check); the routine is never called.
//
static BOOLEAN
LabelCrtIsHooked(VOID)
{
    UNICODE_STRING routine = RTL_CONSTANT_STRING(L"wcscpy");
    PVOID exported = MmGetSystemRoutineAddress(&routine);

    return exported != NULL && exported != (PVOID)wcscpy; // no-warning
}

NTSTATUS
LabelDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLABEL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    Irp->IoStatus.Information = 0;
    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LABEL_SET_NAME:
        status = LabelSetName(ext, Irp, irpSp);
        break;
    case IOCTL_LABEL_GET_NAME:
        status = LabelGetName(ext, Irp, irpSp);
        break;
    case IOCTL_LABEL_SET_WIDE_LABEL:
        status = LabelSetWideLabel(ext, Irp, irpSp);
        break;
    case IOCTL_LABEL_SET_KEYWORDS:
        status = LabelSetKeywords(ext, Irp, irpSp);
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
LabelCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LabelUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PLABEL_EXTENSION ext;

    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        IoDeleteSymbolicLink(&ext->LinkName);
        if (ext->RegistryPath.Buffer != NULL) {
            ExFreePoolWithTag(ext->RegistryPath.Buffer, LABEL_TAG);
        }
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WCHAR deviceNameBuffer[LABEL_CHARS];
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT deviceObject;
    PLABEL_EXTENSION ext;
    NTSTATUS status;

    // Silent: RtlStringCbPrintfW; its inline body in ntstrsafe.h calls
    // _vsnwprintf, inside the system header.
    status = RtlStringCbPrintfW(deviceNameBuffer, sizeof(deviceNameBuffer), L"\\Device\\Label%u", 0u); // no-warning
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&deviceName, deviceNameBuffer);

    status = IoCreateDevice(DriverObject, sizeof(LABEL_EXTENSION), &deviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    // Silent: counted UNICODE_STRING routines.
    ext->DeviceName.Buffer = ext->DeviceNameBuffer;
    ext->DeviceName.MaximumLength = sizeof(ext->DeviceNameBuffer);
    RtlCopyUnicodeString(&ext->DeviceName, &deviceName); // no-warning

    ext->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    ext->RegistryPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, ext->RegistryPath.MaximumLength, LABEL_TAG);
    if (ext->RegistryPath.Buffer != NULL) {
        RtlCopyUnicodeString(&ext->RegistryPath, RegistryPath); // no-warning
    }

    // Silent: RtlStringCchCopyW then RtlStringCchCatW build the link name.
    status = RtlStringCchCopyW(ext->LinkNameBuffer, RTL_NUMBER_OF(ext->LinkNameBuffer), L"\\DosDevices\\"); // no-warning
    if (NT_SUCCESS(status)) {
        status = RtlStringCchCatW(ext->LinkNameBuffer, RTL_NUMBER_OF(ext->LinkNameBuffer), L"Label0"); // no-warning
    }
    if (!NT_SUCCESS(status)) {
        LabelUnload(DriverObject);
        return status;
    }
    RtlInitUnicodeString(&ext->LinkName, ext->LinkNameBuffer);
    status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        RtlZeroMemory(&ext->LinkName, sizeof(ext->LinkName));
        LabelUnload(DriverObject);
        return status;
    }

    if (LabelCrtIsHooked()) {
        LabelLog("wcscpy export differs from the import at %p", (PVOID)wcscpy); // no-warning
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LabelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LabelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LabelDeviceControl;
    DriverObject->DriverUnload = LabelUnload;
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
