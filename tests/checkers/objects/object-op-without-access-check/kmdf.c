// drvcert-test: rules=object-op-without-access-check
//
// A KMDF "secure erase" driver: its utility sends the path of a file to
// shred. The request's input buffer holds the path; the delete runs with
// kernel previous mode. The second IOCTL does it right, with the caller's
// access checked.

#include <ntifs.h>
#include <wdf.h>

#define ERASE_MAX_PATH 260

#define IOCTL_ERASE_FILE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_ERASE_FILE_CHECKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _ERASE_REQUEST {
    USHORT PathLength;              // in bytes
    WCHAR Path[ERASE_MAX_PATH];
} ERASE_REQUEST, *PERASE_REQUEST;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EraseEvtIoDeviceControl;

static NTSTATUS
EraseFile(PERASE_REQUEST Request, ULONG Attributes)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;

    if (Request->PathLength == 0 || Request->PathLength > sizeof(Request->Path) ||
        (Request->PathLength & 1) != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    path.Buffer = Request->Path;
    path.Length = Request->PathLength;
    path.MaximumLength = Request->PathLength;
    InitializeObjectAttributes(&attributes, &path, Attributes, NULL, NULL);
    return ZwDeleteFile(&attributes); // expected-error{{'ZwDeleteFile' deletes a file whose name comes from the request's input buffer without OBJ_FORCE_ACCESS_CHECK}}
}

VOID
EraseEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PERASE_REQUEST input;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ERASE_REQUEST), (PVOID *)&input, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    switch (IoControlCode) {
    case IOCTL_ERASE_FILE:
        status = EraseFile(input, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE);
        break;
    case IOCTL_ERASE_FILE_CHECKED:
        status = EraseFile(input, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
