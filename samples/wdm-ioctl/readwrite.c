/*
 * readwrite.c - Contoso System Monitor driver: IRP_MJ_READ.
 *
 * ReadFile on the control device returns the latest reading of each sensor
 * as an array of CTSMON_SAMPLE, indexed by SensorId. The device uses direct
 * I/O (DO_DIRECT_IO), so the caller's buffer arrives locked down and
 * described by Irp->MdlAddress.
 *
 * Not pageable: the read path takes SampleLock.
 */
#include "ctsmon.h"

_Use_decl_annotations_
NTSTATUS
CtsMonDispatchRead(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PCTSMON_DEVICE_EXTENSION deviceExtension =
        (PCTSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);
    ULONG length = ioStack->Parameters.Read.Length;
    ULONG bytesToCopy;
    PVOID readBuffer;
    KIRQL oldIrql;

    /* A zero-length read comes without an MDL. */
    if (length == 0) {
        return CtsMonCompleteRequest(Irp, STATUS_SUCCESS, 0);
    }

    if (length < sizeof(CTSMON_SAMPLE)) {
        return CtsMonCompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    /* Whole samples only, at most one per sensor. */
    bytesToCopy = min(length, (ULONG)sizeof(deviceExtension->LatestReadings));
    bytesToCopy -= bytesToCopy % sizeof(CTSMON_SAMPLE);

    readBuffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);

    KeAcquireSpinLock(&deviceExtension->SampleLock, &oldIrql);
    RtlCopyMemory(readBuffer, deviceExtension->LatestReadings, bytesToCopy); // drvcert-expect: direct-io-mdl-misuse
    deviceExtension->ReadRequests++;
    KeReleaseSpinLock(&deviceExtension->SampleLock, oldIrql);

    return CtsMonCompleteRequest(Irp, STATUS_SUCCESS, bytesToCopy);
}
