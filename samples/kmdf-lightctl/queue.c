/*
 * queue.c - Contoso Lighting Controller driver: the default queue's
 * EvtIoDeviceControl and one handler per IOCTL.
 *
 * Every handler returns the status and the byte count for the request's
 * Information; EvtIoDeviceControl completes the request. The buffers come
 * from WdfRequestRetrieveInputBuffer/OutputBuffer: METHOD_BUFFERED, so they
 * are the system buffer, valid in any context until the request completes.
 */
#include "lightctl.h"

/* Resets every zone to dim white, no fade, full global brightness. */
_Use_decl_annotations_
VOID
CtsLightResetZones(
    PCTSLIGHT_DEVICE_CONTEXT DeviceContext
    )
{
    ULONG zone;

    for (zone = 0; zone < CTSLIGHT_MAX_ZONES; zone++) {
        DeviceContext->Zones[zone].Red = 0x40;
        DeviceContext->Zones[zone].Green = 0x40;
        DeviceContext->Zones[zone].Blue = 0x40;
        DeviceContext->Zones[zone].Brightness = 50;
        DeviceContext->Zones[zone].TransitionMs = 0;
    }
    DeviceContext->GlobalBrightness = CTSLIGHT_MAX_BRIGHTNESS;
}

/* IOCTL_CTSLIGHT_GET_INFO (output CTSLIGHT_INFO). */
static
NTSTATUS
CtsLightIoctlGetInfo(
    _In_ WDFREQUEST Request,
    _Out_ size_t *Information
    )
{
    PCTSLIGHT_INFO info;
    NTSTATUS status;

    *Information = 0;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CTSLIGHT_INFO), (PVOID *)&info, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    info->InterfaceVersion = CTSLIGHT_INTERFACE_VERSION;
    info->ZoneCount = CTSLIGHT_MAX_ZONES;
    info->LedsPerZone = CTSLIGHT_LEDS_PER_ZONE;
    info->EffectSlotBytes = CTSLIGHT_EFFECT_SLOT_BYTES;

    *Information = sizeof(CTSLIGHT_INFO);
    return STATUS_SUCCESS;
}

/*
 * IOCTL_CTSLIGHT_SET_ZONE_COLOR (input CTSLIGHT_ZONE_COLOR_V1 or
 * CTSLIGHT_ZONE_COLOR).
 *
 * The minimum length stayed at the v1 size so that the v1 tray tool keeps
 * working, but the v2 fade time is read for every request.
 */
static
NTSTATUS
CtsLightIoctlSetZoneColor(
    _Inout_ PCTSLIGHT_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request
    )
{
    PCTSLIGHT_ZONE_COLOR color;
    PCTSLIGHT_ZONE_STATE zone;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(CTSLIGHT_ZONE_COLOR_V1),
                                           (PVOID *)&color, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (color->Zone >= CTSLIGHT_MAX_ZONES || color->Brightness > CTSLIGHT_MAX_BRIGHTNESS) {
        return STATUS_INVALID_PARAMETER;
    }

    zone = &DeviceContext->Zones[color->Zone];
    zone->Red = color->Red;
    zone->Green = color->Green;
    zone->Blue = color->Blue;
    zone->Brightness = color->Brightness;
    zone->TransitionMs = color->TransitionMs; // drvcert-expect: ioctl-buffer-size-unchecked
    return STATUS_SUCCESS;
}

/* IOCTL_CTSLIGHT_GET_ZONE_TABLE (output CTSLIGHT_ZONE_TABLE). */
static
NTSTATUS
CtsLightIoctlGetZoneTable(
    _In_ PCTSLIGHT_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request,
    _Out_ size_t *Information
    )
{
    PCTSLIGHT_ZONE_TABLE table;
    NTSTATUS status;

    *Information = 0;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(CTSLIGHT_ZONE_TABLE),
                                            (PVOID *)&table, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlCopyMemory(table->Zones, DeviceContext->Zones, sizeof(table->Zones));
    *Information = sizeof(CTSLIGHT_ZONE_TABLE);
    return STATUS_SUCCESS;
}

/* IOCTL_CTSLIGHT_SET_BRIGHTNESS (input ULONG, percent). */
static
NTSTATUS
CtsLightIoctlSetBrightness(
    _Inout_ PCTSLIGHT_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request
    )
{
    PULONG brightness;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&brightness, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (*brightness > CTSLIGHT_MAX_BRIGHTNESS) {
        return STATUS_INVALID_PARAMETER;
    }
    DeviceContext->GlobalBrightness = *brightness;
    return STATUS_SUCCESS;
}

/*
 * IOCTL_CTSLIGHT_UPLOAD_EFFECT (input CTSLIGHT_EFFECT followed by frames).
 *
 * The blob, header included, is stored as the firmware will play it. Its
 * length is whatever the tray tool sent; the 1 KB effect slot is never
 * compared with it.
 */
static
NTSTATUS
CtsLightIoctlUploadEffect(
    _Inout_ PCTSLIGHT_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request
    )
{
    PCTSLIGHT_EFFECT effect;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, FIELD_OFFSET(CTSLIGHT_EFFECT, Data),
                                           (PVOID *)&effect, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (effect->FrameCount == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    RtlCopyMemory(DeviceContext->EffectData, effect, length); // drvcert-expect: unbounded-copy
    DeviceContext->EffectLength = (ULONG)length;
    DeviceContext->EffectId = effect->EffectId;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CtsLightEvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    PCTSLIGHT_DEVICE_CONTEXT deviceContext = CtsLightGetDeviceContext(WdfIoQueueGetDevice(Queue));
    size_t information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_CTSLIGHT_GET_INFO:
        status = CtsLightIoctlGetInfo(Request, &information);
        break;

    case IOCTL_CTSLIGHT_SET_ZONE_COLOR:
        status = CtsLightIoctlSetZoneColor(deviceContext, Request);
        break;

    case IOCTL_CTSLIGHT_GET_ZONE_TABLE:
        status = CtsLightIoctlGetZoneTable(deviceContext, Request, &information);
        break;

    case IOCTL_CTSLIGHT_SET_BRIGHTNESS:
        status = CtsLightIoctlSetBrightness(deviceContext, Request);
        break;

    case IOCTL_CTSLIGHT_UPLOAD_EFFECT:
        status = CtsLightIoctlUploadEffect(deviceContext, Request);
        break;

    case IOCTL_CTSLIGHT_RESET:
        CtsLightResetZones(deviceContext);
        status = STATUS_SUCCESS;
        break;

    default:
        KdPrint(("CtsLight: unknown IOCTL 0x%08X\n", IoControlCode));
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    /* A failed request returns no data to the caller. */
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? information : 0);
}
