// drvcert-test: rules=previous-mode-confusion
//
// A KMDF audio-routing driver: its service registers an event handle that
// the driver signals when a stream starts. One IOCTL references the handle
// with KernelMode; the other uses the requestor's mode, as it should.

#include <ntifs.h>
#include <wdf.h>

#define IOCTL_ROUTE_SET_EVENT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB10, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_ROUTE_SET_EVENT_V2 \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB11, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _ROUTE_EVENT_REQUEST {
    HANDLE Event;
} ROUTE_EVENT_REQUEST, *PROUTE_EVENT_REQUEST;

PKEVENT RouteStreamEvent;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RouteEvtIoDeviceControl;

static NTSTATUS
RouteSetEvent(HANDLE EventHandle, KPROCESSOR_MODE Mode)
{
    PKEVENT event;
    NTSTATUS status;

    status = ObReferenceObjectByHandle(EventHandle, EVENT_MODIFY_STATE, *ExEventObjectType, Mode, // expected-error{{'ObReferenceObjectByHandle' resolves a handle that is a value read from the request's input buffer with AccessMode KernelMode}}
                                       (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (RouteStreamEvent != NULL) {
        ObDereferenceObject(RouteStreamEvent);
    }
    RouteStreamEvent = event;
    return STATUS_SUCCESS;
}

VOID
RouteEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PROUTE_EVENT_REQUEST input;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ROUTE_EVENT_REQUEST), (PVOID *)&input,
                                           NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    switch (IoControlCode) {
    case IOCTL_ROUTE_SET_EVENT:
        status = RouteSetEvent(input->Event, KernelMode);
        break;
    case IOCTL_ROUTE_SET_EVENT_V2:
        status = RouteSetEvent(input->Event, WdfRequestGetRequestorMode(Request));
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
