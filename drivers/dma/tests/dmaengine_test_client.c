// SPDX-License-Identifier: GPL-2.0
/*
 * Client-side helpers shared by the contract suites: a recorder that notes
 * each completion callback, and short-hands to submit work.
 */

#include <kunit/device.h>
#include <linux/errname.h>
#include <linux/preempt.h>

#include "dmaengine_test_provider.h"

/**
 * tdma_rec_new() - a callback recorder that lives as long as the case
 * @test: the case
 * @target: number of callbacks after which tdma_rec_wait() returns
 *
 * Return: the recorder; the case fails if it cannot be allocated.
 */
struct tdma_rec *tdma_rec_new(struct kunit *test, unsigned int target)
{
	struct tdma_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	spin_lock_init(&rec->lock);
	init_completion(&rec->done);
	rec->target = target;
	for (i = 0; i < TDMA_MAX_SLOTS; i++)
		rec->slots[i].rec = rec;
	return rec;
}

/**
 * tdma_rec_arm() - wait for a new number of callbacks in total
 * @rec: the recorder
 * @target: total callbacks after which tdma_rec_wait() returns
 */
void tdma_rec_arm(struct tdma_rec *rec, unsigned int target)
{
	unsigned long flags;

	spin_lock_irqsave(&rec->lock, flags);
	reinit_completion(&rec->done);
	rec->target = target;
	if (rec->count >= target)
		complete(&rec->done);
	spin_unlock_irqrestore(&rec->lock, flags);
}

static void tdma_record(struct tdma_slot *slot,
			const struct dmaengine_result *res)
{
	struct tdma_rec *rec = slot->rec;
	unsigned long flags;

	spin_lock_irqsave(&rec->lock, flags);
	slot->calls++;
	slot->in_task = in_task();
	if (res) {
		slot->result = *res;
		slot->result_seen = true;
	}
	if (rec->count < TDMA_MAX_SLOTS)
		rec->order[rec->count] = slot - rec->slots;
	if (++rec->count == rec->target)
		complete(&rec->done);
	spin_unlock_irqrestore(&rec->lock, flags);
}

static void tdma_cb(void *param)
{
	tdma_record(param, NULL);
}

static void tdma_cb_result(void *param, const struct dmaengine_result *res)
{
	tdma_record(param, res);
}

/**
 * tdma_set_cb() - make a descriptor report to a recorder slot
 * @tx: the descriptor, not yet submitted
 * @rec: the recorder
 * @i: slot index
 * @with_result: use callback_result rather than callback
 */
void tdma_set_cb(struct dma_async_tx_descriptor *tx, struct tdma_rec *rec,
		 unsigned int i, bool with_result)
{
	if (with_result)
		tx->callback_result = tdma_cb_result;
	else
		tx->callback = tdma_cb;
	tx->callback_param = &rec->slots[i];
}

/**
 * tdma_submit_memcpy() - prepare and submit a memcpy reporting to slot @i
 * @test: the case
 * @chan: the channel
 * @rec: the recorder
 * @i: slot index; the cookie is stored there
 * @len: bytes; the addresses are dummies the engine never touches
 *
 * Return: the cookie.
 */
dma_cookie_t tdma_submit_memcpy(struct kunit *test, struct dma_chan *chan,
				struct tdma_rec *rec, unsigned int i,
				size_t len)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, len,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, rec, i, true);
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GT(test, cookie, 0);
	rec->slots[i].cookie = cookie;
	return cookie;
}

/**
 * tdma_rec_wait() - wait, bounded, for the armed number of callbacks
 * @rec: the recorder
 *
 * Return: true if they all ran in time.
 */
bool tdma_rec_wait(struct tdma_rec *rec)
{
	return wait_for_completion_timeout(&rec->done,
					   msecs_to_jiffies(TDMA_WAIT_MS));
}

/**
 * tdma_errname() - symbolic name of an error code, for readable checks
 * @err: a negative errno
 *
 * Return: the name, such as "-EINVAL", or "?" if it has none.
 */
const char *tdma_errname(int err)
{
	const char *name = errname(err);

	return name ? name : "?";
}

/**
 * tdma_rec_count() - callbacks recorded so far
 * @rec: the recorder
 *
 * Return: the count.
 */
unsigned int tdma_rec_count(struct tdma_rec *rec)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&rec->lock, flags);
	n = rec->count;
	spin_unlock_irqrestore(&rec->lock, flags);
	return n;
}

/**
 * tdma_client_dev() - a device standing for a client driver
 * @test: the case; the device goes away when it ends
 *
 * Its name is "<case name>.client", which slave maps refer to.
 *
 * Return: the device.
 */
struct device *tdma_client_dev(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "client");

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	return dev;
}
