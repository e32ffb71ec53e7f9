// drvcert-test: rules=banned-string-api
//
// Banned copy and concatenation routines that must be reported, in a small
// WDM control driver that names its devices and stores strings sent by its
// user-mode service. The printf family is in formats.c.
//
// Drivers that still call these routines and also include ntstrsafe.h define
// NTSTRSAFE_NO_DEPRECATE first (the WDK's ntstrsafe.h otherwise marks them
// deprecated); this file does the same.

#define NTSTRSAFE_NO_DEPRECATE
#include <ntddk.h>
#include <ntstrsafe.h>
#include <string.h>
#include <wchar.h>

#define WIDGET_TAG 'gdiW'
#define WIDGET_NAME_CHARS 64
#define WIDGET_SERIAL_CHARS 16

#define IOCTL_WIDGET_SET_NAME \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_WIDGET_SET_SERIAL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_WIDGET_SET_LABEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_DATA)
#define IOCTL_WIDGET_APPEND_TAGS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_DATA)

typedef struct _WIDGET_SERIAL_INPUT {
    CHAR Serial[WIDGET_SERIAL_CHARS];
    WCHAR Model[WIDGET_NAME_CHARS];
} WIDGET_SERIAL_INPUT, *PWIDGET_SERIAL_INPUT;

typedef struct _WIDGET_EXTENSION {
    CHAR Name[WIDGET_NAME_CHARS];
    CHAR Serial[WIDGET_SERIAL_CHARS + 1];
    WCHAR Model[WIDGET_NAME_CHARS];
    CHAR Tags[128];
    WCHAR Label[WIDGET_NAME_CHARS];
    WCHAR DeviceNameBuffer[WIDGET_NAME_CHARS];
    WCHAR LinkNameBuffer[WIDGET_NAME_CHARS];
    UNICODE_STRING DeviceName;
    UNICODE_STRING LinkName;
} WIDGET_EXTENSION, *PWIDGET_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WidgetUnload;
DRIVER_DISPATCH WidgetCreateClose;
DRIVER_DISPATCH WidgetDeviceControl;

//
// Case: strcpy of a string sent by the caller into a fixed-size field.
//
static NTSTATUS
WidgetSetName(PWIDGET_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCSTR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0 || input[inLength - 1] != '\0') {
        return STATUS_INVALID_PARAMETER;
    }
    strcpy(Ext->Name, input); // expected-error{{'strcpy' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCopyA' from ntstrsafe.h with the destination size}}
    return STATUS_SUCCESS;
}

//
// Case: strncpy and wcsncpy with counts, still banned (the count is of the
// source and the result may be unterminated).
//
static NTSTATUS
WidgetSetSerial(PWIDGET_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PWIDGET_SERIAL_INPUT input = Irp->AssociatedIrp.SystemBuffer;

    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(WIDGET_SERIAL_INPUT)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    // expected-error@+1{{'strncpy' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCopyNA' from ntstrsafe.h with the destination size}}
    strncpy(Ext->Serial, input->Serial, WIDGET_SERIAL_CHARS);
    Ext->Serial[WIDGET_SERIAL_CHARS] = '\0';
    // expected-error@+1{{'wcsncpy' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCopyNW' from ntstrsafe.h with the destination size}}
    wcsncpy(Ext->Model, input->Model, WIDGET_NAME_CHARS);
    return STATUS_SUCCESS;
}

//
// Case: wcscpy then wcscat build the label "<model>: <input>".
//
static NTSTATUS
WidgetSetLabel(PWIDGET_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCWSTR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength < sizeof(WCHAR) || input[inLength / sizeof(WCHAR) - 1] != L'\0') {
        return STATUS_INVALID_PARAMETER;
    }
    wcscpy(Ext->Label, Ext->Model); // expected-error{{'wcscpy' is a banned string function}}
    // expected-error@+1{{'wcscat' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCatW' from ntstrsafe.h with the destination size}}
    wcscat(Ext->Label, L": ");
    wcscat(Ext->Label, input); // expected-error{{'wcscat' is a banned string function}}
    return STATUS_SUCCESS;
}

//
// Case: strcat and strncat append caller-supplied tags.
//
static NTSTATUS
WidgetAppendTags(PWIDGET_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION IrpSp)
{
    PCSTR input = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;

    if (inLength == 0 || input[inLength - 1] != '\0') {
        return STATUS_INVALID_PARAMETER;
    }
    if (Ext->Tags[0] != '\0') {
        // expected-error@+1{{'strcat' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCatA' from ntstrsafe.h with the destination size}}
        strcat(Ext->Tags, ";");
    }
    // strlen is not banned: one finding on this line, for strncat.
    // expected-error@+1{{'strncat' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCatNA' from ntstrsafe.h with the destination size}}
    strncat(Ext->Tags, input, sizeof(Ext->Tags) - strlen(Ext->Tags) - 1);
    return STATUS_SUCCESS;
}

//
// Case: wcsncat bounded by the source length, not by the space left.
//
static VOID
WidgetAppendInstance(PWIDGET_EXTENSION Ext, PCWSTR Suffix)
{
    // expected-error@+1{{'wcsncat' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCatNW' from ntstrsafe.h with the destination size}}
    wcsncat(Ext->DeviceNameBuffer, Suffix, wcslen(Suffix));
}

//
// Case: banned routines behind driver macros. The finding is on the line
// that invokes the macro.
//
#define WIDGET_COPY_LINK(Dest, Source) wcscpy((Dest), (Source))
#define _tcscat wcscat

static VOID
WidgetBuildLinkName(PWIDGET_EXTENSION Ext, PCWSTR Instance)
{
    WIDGET_COPY_LINK(Ext->LinkNameBuffer, L"\\DosDevices\\Widget"); // expected-error{{is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCopyW'}}
    _tcscat(Ext->LinkNameBuffer, Instance); // expected-error{{is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCatW'}}
}

NTSTATUS
WidgetDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PWIDGET_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WIDGET_SET_NAME:
        status = WidgetSetName(ext, Irp, irpSp);
        break;
    case IOCTL_WIDGET_SET_SERIAL:
        status = WidgetSetSerial(ext, Irp, irpSp);
        break;
    case IOCTL_WIDGET_SET_LABEL:
        status = WidgetSetLabel(ext, Irp, irpSp);
        break;
    case IOCTL_WIDGET_APPEND_TAGS:
        status = WidgetAppendTags(ext, Irp, irpSp);
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
WidgetCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
WidgetUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PWIDGET_EXTENSION ext;

    if (deviceObject != NULL) {
        ext = deviceObject->DeviceExtension;
        IoDeleteSymbolicLink(&ext->LinkName);
        IoDeleteDevice(deviceObject);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WCHAR deviceName[WIDGET_NAME_CHARS];
    UNICODE_STRING name;
    PDEVICE_OBJECT deviceObject;
    PWIDGET_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    // Case: the device name is built in a stack buffer with wcscpy.
    wcscpy(deviceName, L"\\Device\\Widget0"); // expected-error{{'wcscpy' is a banned string function that can overflow its destination buffer or leave it unterminated; use 'RtlStringCbCopyW' from ntstrsafe.h with the destination size}}
    RtlInitUnicodeString(&name, deviceName);

    status = IoCreateDevice(DriverObject, sizeof(WIDGET_EXTENSION), &name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    RtlStringCbCopyW(ext->DeviceNameBuffer, sizeof(ext->DeviceNameBuffer), L"\\Device\\Widget"); // no-warning
    WidgetAppendInstance(ext, L"0");
    RtlInitUnicodeString(&ext->DeviceName, ext->DeviceNameBuffer);

    WidgetBuildLinkName(ext, L"0");
    RtlInitUnicodeString(&ext->LinkName, ext->LinkNameBuffer);
    status = IoCreateSymbolicLink(&ext->LinkName, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WidgetCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WidgetCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WidgetDeviceControl;
    DriverObject->DriverUnload = WidgetUnload;
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
