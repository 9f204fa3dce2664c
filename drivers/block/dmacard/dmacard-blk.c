// SPDX-License-Identifier: GPL-2.0
/*
 * dmacard: the blk-mq data path, queued the way an NVMe driver queues
 * commands. Each request becomes one slave descriptor on the "tx"
 * (write) or "rx" (read) channel, addressed at the card by a per-request
 * slave configuration; the doorbell, dma_async_issue_pending(), rings once
 * per batch (the last request, or commit_rqs).
 *
 * Contexts: queue_rq runs in the block layer's submission context and does
 * not sleep; the completion callback runs in the DMA controller's
 * completion context (a tasklet); the timeout handler runs in process
 * context (the block layer's timeout work) and may sleep.
 *
 * Ownership of a started request: while its command is on its queue's
 * inflight list (under the queue's lock) the channel owns it; whoever
 * takes it off the list (the callback, or the timeout handler after
 * terminating the channel) completes or requeues it.
 *
 * A shortage (prep or slave_config refused, dma_map_sg() failed) is
 * BLK_STS_RESOURCE: blk-mq sends the request again later. Only one that
 * lasts longer than the request's timeout fails it.
 */

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>

#include "dmacard.h"

#define DMACARD_QUEUE_DEPTH	32
#define DMACARD_MAX_BYTES	SZ_64K
/*
 * Controller speed the timeout is sized for: QEMU's edu moves 4 KiB per
 * 100 ms of virtual time, and a card-to-memory chunk takes two moves.
 */
#define DMACARD_CHUNK_BYTES	SZ_4K
#define DMACARD_CHUNK_MS	200
#define DMACARD_TIMEOUT_MS	(2 * DMACARD_QUEUE_DEPTH * DMACARD_CHUNK_MS * \
				 (DMACARD_MAX_BYTES / DMACARD_CHUNK_BYTES))
/* Times a timed-out request is sent again before it fails. */
#define DMACARD_TIMEOUT_RETRIES	2

static DEFINE_IDA(dmacard_ida);

/**
 * struct dmacard_cmd - the per-request part of the driver
 * @node: on its queue's inflight list while the channel owns it
 * @q: the queue it was submitted on
 * @sg: the request's memory
 * @sg_len: entries built by blk_rq_map_sg()
 * @nents: entries mapped by dma_map_sg()
 * @start_ns: when it started, for the latency statistics
 * @first_refused: jiffies when a shortage first kept it off the channel,
 *	0 while none has
 * @timeouts: times it timed out and was sent again
 * @status: its result, set before blk_mq_complete_request()
 *
 * @first_refused and @timeouts outlive requeues: they are reset when the
 * request is new (RQF_DONTPREP not yet set).
 */
struct dmacard_cmd {
	struct list_head node;
	struct dmacard_queue *q;
	struct scatterlist sg[DMACARD_MAX_SEGS];
	int sg_len;
	int nents;
	u64 start_ns;
	unsigned long first_refused;
	unsigned int timeouts;
	blk_status_t status;
};

static bool dmacard_is_write(struct request *rq)
{
	return req_op(rq) == REQ_OP_WRITE;
}

static enum dma_data_direction dmacard_map_dir(struct request *rq)
{
	return dmacard_is_write(rq) ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
}

static void dmacard_note_latency(struct dmacard_stats *st, u64 ns)
{
	s64 max = atomic64_read(&st->lat_max_ns);

	atomic64_add(ns, &st->lat_sum_ns);
	while (ns > max && !atomic64_try_cmpxchg(&st->lat_max_ns, &max, ns))
		;
}

/* Ends a started request and counts it. Any context. */
static void dmacard_finish(struct dmacard *card, struct request *rq,
			   blk_status_t status)
{
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct dmacard_stats *st = &card->stats;

	atomic_dec(&st->inflight);
	if (status) {
		atomic64_inc(&st->errors);
	} else {
		atomic64_inc(&st->cmds);
		atomic64_add(blk_rq_bytes(rq), &st->bytes);
	}
	dmacard_note_latency(st, ktime_get_ns() - cmd->start_ns);
	blk_mq_end_request(rq, status);
}

static void dmacard_cpu_copy(struct dmacard *card, struct request *rq,
			     u64 pos)
{
	struct req_iterator iter;
	struct bio_vec bv;

	rq_for_each_segment(bv, rq, iter) {
		void *buf = bvec_kmap_local(&bv);

		if (dmacard_is_write(rq))
			memcpy_toio(card->mem + pos, buf, bv.bv_len);
		else
			memcpy_fromio(buf, card->mem + pos, bv.bv_len);
		kunmap_local(buf);
		pos += bv.bv_len;
	}
}

/* The controller's completion context. */
static void dmacard_dma_done(void *param, const struct dmaengine_result *res)
{
	struct request *rq = param;
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct dmacard_queue *q = cmd->q;
	unsigned long flags;
	bool owned;

	spin_lock_irqsave(&q->lock, flags);
	owned = !list_empty(&cmd->node);
	list_del_init(&cmd->node);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!owned)
		return;		/* the timeout handler took it */

	dma_unmap_sg(q->dma_dev, cmd->sg, cmd->sg_len, dmacard_map_dir(rq));
	atomic64_inc(&q->done);
	cmd->status = res->result == DMA_TRANS_NOERROR && !res->residue ?
		      BLK_STS_OK : BLK_STS_IOERR;
	blk_mq_complete_request(rq);
}

static void dmacard_slave_config(struct dma_slave_config *cfg,
				 struct dmacard_queue *q, struct request *rq,
				 u64 pos)
{
	memset(cfg, 0, sizeof(*cfg));
	if (dmacard_is_write(rq)) {
		cfg->direction = DMA_MEM_TO_DEV;
		cfg->dst_addr = q->card_bus + pos;
		cfg->dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
		cfg->dst_maxburst = 1;
	} else {
		cfg->direction = DMA_DEV_TO_MEM;
		cfg->src_addr = q->card_bus + pos;
		cfg->src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
		cfg->src_maxburst = 1;
	}
}

/*
 * A request the channel cannot take now: BLK_STS_RESOURCE, so that blk-mq
 * sends it again (after a completion, or a short delay when none is in
 * flight). One refused for longer than its timeout fails, so that a
 * shortage that is not one (a controller refusing every request) ends.
 */
static blk_status_t dmacard_shortage(struct dmacard *card,
				     struct dmacard_queue *q,
				     struct request *rq, u64 pos,
				     const char *what)
{
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);

	if (!cmd->first_refused) {
		cmd->first_refused = jiffies ?: 1;
	} else if (time_after(jiffies, cmd->first_refused + rq->timeout)) {
		dev_err_ratelimited(&card->pdev->dev,
				    "%s: %s at %llu+%u refused for %u ms, failing it\n",
				    q->name, what, pos, blk_rq_bytes(rq),
				    jiffies_to_msecs(rq->timeout));
		return BLK_STS_IOERR;
	}
	atomic64_inc(&card->stats.retried);
	return BLK_STS_RESOURCE;
}

/* Maps, configures, prepares and submits; the caller rings the doorbell. */
static blk_status_t dmacard_submit(struct dmacard *card,
				   struct dmacard_hwq *hwq, struct request *rq,
				   u64 pos)
{
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct dmacard_queue *q = dmacard_is_write(rq) ? &hwq->tx : &hwq->rx;
	struct dma_async_tx_descriptor *desc = NULL;
	struct dma_slave_config cfg;
	dma_cookie_t cookie = -EIO;
	unsigned long flags;

	sg_init_table(cmd->sg, DMACARD_MAX_SEGS);
	cmd->sg_len = blk_rq_map_sg(rq->q, rq, cmd->sg);
	cmd->nents = dma_map_sg(q->dma_dev, cmd->sg, cmd->sg_len,
				dmacard_map_dir(rq));
	cmd->q = q;
	if (!cmd->nents)
		return dmacard_shortage(card, q, rq, pos, "mapping");
	dmacard_slave_config(&cfg, q, rq, pos);

	/* The configuration is the channel's: hold it until submitted. */
	spin_lock_irqsave(&q->lock, flags);
	if (!dmaengine_slave_config(q->chan, &cfg))
		desc = dmaengine_prep_slave_sg(q->chan, cmd->sg, cmd->nents,
					       cfg.direction,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (desc) {
		desc->callback_result = dmacard_dma_done;
		desc->callback_param = rq;
		/* Once on the list the request may end any time: no later. */
		cmd->first_refused = 0;
		list_add_tail(&cmd->node, &q->inflight);
		cookie = dmaengine_submit(desc);
		if (dma_submit_error(cookie))
			list_del_init(&cmd->node);
	}
	spin_unlock_irqrestore(&q->lock, flags);

	if (!dma_submit_error(cookie))
		return BLK_STS_OK;
	dma_unmap_sg(q->dma_dev, cmd->sg, cmd->sg_len, dmacard_map_dir(rq));
	/*
	 * A NULL prep or a refused configuration is what a provider answers
	 * when it is short of descriptors (edu allocates with GFP_NOWAIT):
	 * blk-mq sends the request again. A descriptor it took and then
	 * refused to queue is no shortage.
	 */
	if (!desc)
		return dmacard_shortage(card, q, rq, pos, "prep");
	dev_err_ratelimited(&card->pdev->dev, "%s: %s at %llu+%u not queued\n",
			    q->name, dma_chan_name(q->chan), pos,
			    blk_rq_bytes(rq));
	return BLK_STS_IOERR;
}

/* The doorbell of hardware queue @hctx: both its channels. */
static void dmacard_ring(struct blk_mq_hw_ctx *hctx)
{
	struct dmacard *card = hctx->queue->queuedata;
	struct dmacard_hwq *hwq = &card->hwq[hctx->queue_num];

	if (card->cpu_copy)
		return;
	dma_async_issue_pending(hwq->tx.chan);
	dma_async_issue_pending(hwq->rx.chan);
}

static blk_status_t dmacard_queue_rq(struct blk_mq_hw_ctx *hctx,
				     const struct blk_mq_queue_data *bd)
{
	struct dmacard *card = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);
	u64 pos = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	u32 len = blk_rq_bytes(rq);
	blk_status_t status;

	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		break;
	case REQ_OP_FLUSH:
		blk_mq_start_request(rq);
		blk_mq_end_request(rq, BLK_STS_OK);
		return BLK_STS_OK;
	default:
		return BLK_STS_NOTSUPP;
	}
	/* Nothing outside the card's window ever reaches the engine. */
	if (pos > card->size || len > card->size - pos) {
		dev_err_ratelimited(&card->pdev->dev,
				    "request %llu+%u beyond the card\n", pos, len);
		return BLK_STS_IOERR;
	}

	blk_mq_start_request(rq);
	INIT_LIST_HEAD(&cmd->node);
	if (!(rq->rq_flags & RQF_DONTPREP)) {
		cmd->first_refused = 0;
		cmd->timeouts = 0;
		rq->rq_flags |= RQF_DONTPREP;
	}
	cmd->start_ns = ktime_get_ns();
	atomic_inc(&card->stats.inflight);
	if (card->cpu_copy) {
		dmacard_cpu_copy(card, rq, pos);
		dmacard_finish(card, rq, BLK_STS_OK);
		return BLK_STS_OK;
	}

	if (READ_ONCE(card->dma_gone))
		status = BLK_STS_IOERR;
	else
		status = dmacard_submit(card, &card->hwq[hctx->queue_num], rq,
					pos);
	if (status) {
		atomic_dec(&card->stats.inflight);
		if (status != BLK_STS_RESOURCE)
			atomic64_inc(&card->stats.errors);
		return status;
	}
	if (bd->last)
		dmacard_ring(hctx);
	return BLK_STS_OK;
}

static void dmacard_commit_rqs(struct blk_mq_hw_ctx *hctx)
{
	dmacard_ring(hctx);
}

static void dmacard_complete(struct request *rq)
{
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq);

	dmacard_finish(rq->q->queuedata, rq, cmd->status);
}

/*
 * Process context (the block layer's timeout work, one request at a time
 * per disk); sleeps. The channel is terminated, so every command on it
 * loses its descriptor: the others are sent again as they are, the
 * timed-out one up to DMACARD_TIMEOUT_RETRIES times (unless it asked not
 * to be retried), then it fails with BLK_STS_TIMEOUT.
 *
 * While the queue is quiesced no queue_rq runs: none holds a descriptor
 * between prep and submit for terminate to free, and none puts a command
 * on the channel between the terminate and the splice below. Once
 * dmaengine_synchronize() has returned no callback of the channel runs or
 * will run, so what is still on the inflight list is this handler's.
 */
static enum blk_eh_timer_return dmacard_timeout(struct request *rq)
{
	struct dmacard *card = rq->q->queuedata;
	struct dmacard_cmd *cmd = blk_mq_rq_to_pdu(rq), *c, *next;
	struct dmacard_queue *q = cmd->q;
	bool owned, found = false;
	unsigned long flags;
	LIST_HEAD(dropped);

	/* CPU copies end in queue_rq; nothing of theirs is left to wait for. */
	if (card->cpu_copy)
		return BLK_EH_RESET_TIMER;

	blk_mq_quiesce_queue(rq->q);
	spin_lock_irqsave(&q->lock, flags);
	owned = !list_empty(&cmd->node);
	spin_unlock_irqrestore(&q->lock, flags);
	if (!owned) {
		/* Its callback took it and completes it. */
		blk_mq_unquiesce_queue(rq->q);
		return BLK_EH_DONE;
	}

	dev_warn(&card->pdev->dev, "%s: request %llu+%u timed out, aborting %s\n",
		 q->name, (u64)blk_rq_pos(rq) << SECTOR_SHIFT, blk_rq_bytes(rq),
		 dma_chan_name(q->chan));
	dmaengine_terminate_async(q->chan);
	dmaengine_synchronize(q->chan);

	spin_lock_irqsave(&q->lock, flags);
	list_splice_init(&q->inflight, &dropped);
	spin_unlock_irqrestore(&q->lock, flags);
	list_for_each_entry_safe(c, next, &dropped, node) {
		struct request *other = blk_mq_rq_from_pdu(c);

		list_del_init(&c->node);
		dma_unmap_sg(q->dma_dev, c->sg, c->sg_len,
			     dmacard_map_dir(other));
		if (other == rq) {
			found = true;
			continue;
		}
		atomic_dec(&card->stats.inflight);
		atomic64_inc(&card->stats.requeued);
		blk_mq_requeue_request(other, false);
	}
	atomic64_inc(&card->stats.timeouts);
	/*
	 * Not found: its callback took it after the check above and before
	 * the terminate, and completes it; it must not be ended here too.
	 */
	if (found) {
		if (cmd->timeouts < DMACARD_TIMEOUT_RETRIES &&
		    !blk_noretry_request(rq)) {
			cmd->timeouts++;
			atomic_dec(&card->stats.inflight);
			atomic64_inc(&card->stats.requeued);
			blk_mq_requeue_request(rq, false);
		} else {
			dmacard_finish(card, rq, BLK_STS_TIMEOUT);
		}
	}
	blk_mq_unquiesce_queue(rq->q);
	blk_mq_kick_requeue_list(rq->q);
	return BLK_EH_DONE;
}

static const struct blk_mq_ops dmacard_mq_ops = {
	.queue_rq = dmacard_queue_rq,
	.commit_rqs = dmacard_commit_rqs,
	.complete = dmacard_complete,
	.timeout = dmacard_timeout,
};

static const struct block_device_operations dmacard_fops = {
	.owner = THIS_MODULE,
};

static int dmacard_stats_show(struct seq_file *s, void *unused)
{
	struct dmacard *card = s->private;
	struct dmacard_stats *st = &card->stats;
	u64 done = atomic64_read(&st->cmds) + atomic64_read(&st->errors);
	unsigned int i;

	seq_printf(s, "lookup: %s\n", dmacard_lookup_name(card->lookup));
	seq_printf(s, "mode: %s\n", card->cpu_copy ? "cpu" : "dma");
	seq_printf(s, "commands: %lld\n", atomic64_read(&st->cmds));
	seq_printf(s, "bytes: %lld\n", atomic64_read(&st->bytes));
	seq_printf(s, "errors: %lld\n", atomic64_read(&st->errors));
	seq_printf(s, "timeouts: %lld\n", atomic64_read(&st->timeouts));
	seq_printf(s, "retried: %lld\n", atomic64_read(&st->retried));
	seq_printf(s, "requeued: %lld\n", atomic64_read(&st->requeued));
	seq_printf(s, "in_flight: %d\n", atomic_read(&st->inflight));
	seq_printf(s, "latency_mean_ns: %llu\n",
		   done ? (u64)atomic64_read(&st->lat_sum_ns) / done : 0);
	seq_printf(s, "latency_max_ns: %lld\n", atomic64_read(&st->lat_max_ns));
	seq_printf(s, "hw_queues: %u\n", card->nr_hwq);
	for (i = 0; i < card->nr_hwq && !card->cpu_copy; i++) {
		const struct dmacard_hwq *hwq = &card->hwq[i];

		seq_printf(s, "queue%u: %s %s %lld, %s %s %lld\n", i,
			   hwq->tx.name, dma_chan_name(hwq->tx.chan),
			   atomic64_read(&hwq->tx.done), hwq->rx.name,
			   dma_chan_name(hwq->rx.chan),
			   atomic64_read(&hwq->rx.done));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dmacard_stats);

static u32 dmacard_max_segments(struct dmacard *card)
{
	struct dma_slave_caps caps;
	u32 segs = DMACARD_MAX_SEGS;
	unsigned int i;

	for (i = 0; i < card->nr_hwq && !card->cpu_copy; i++) {
		struct dmacard_hwq *hwq = &card->hwq[i];

		if (!dma_get_slave_caps(hwq->tx.chan, &caps) &&
		    caps.max_sg_burst)
			segs = min(segs, caps.max_sg_burst);
		if (!dma_get_slave_caps(hwq->rx.chan, &caps) &&
		    caps.max_sg_burst)
			segs = min(segs, caps.max_sg_burst);
	}
	return segs;
}

/**
 * dmacard_blk_add() - expose a probed card as /dev/dmacardN
 * @card: the card, with its channels (unless in CPU copy mode)
 *
 * Process context.
 *
 * Return: 0 or a negative errno, with nothing left behind.
 */
int dmacard_blk_add(struct dmacard *card)
{
	struct queue_limits lim = {
		.logical_block_size = SECTOR_SIZE,
		.max_hw_sectors = DMACARD_MAX_BYTES >> SECTOR_SHIFT,
		.max_segments = dmacard_max_segments(card),
		.dma_alignment = 3,
	};
	struct blk_mq_tag_set *set = &card->tag_set;
	struct gendisk *disk;
	int ret;

	ret = ida_alloc(&dmacard_ida, GFP_KERNEL);
	if (ret < 0)
		return ret;
	card->id = ret;

	set->ops = &dmacard_mq_ops;
	set->nr_hw_queues = card->nr_hwq;
	set->queue_depth = DMACARD_QUEUE_DEPTH;
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct dmacard_cmd);
	set->timeout = msecs_to_jiffies(DMACARD_TIMEOUT_MS);
	set->driver_data = card;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		goto free_id;

	disk = blk_mq_alloc_disk(set, &lim, card);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto free_set;
	}
	disk->fops = &dmacard_fops;
	disk->private_data = card;
	snprintf(disk->disk_name, DISK_NAME_LEN, "dmacard%d", card->id);
	set_capacity(disk, card->size >> SECTOR_SHIFT);
	/* Before its first read: a controller lost from now on stops it. */
	mutex_lock(&card->dma_lock);
	card->disk = disk;
	mutex_unlock(&card->dma_lock);
	ret = add_disk(disk);
	if (ret)
		goto put_disk;

	card->debugfs = debugfs_create_dir(card->disk->disk_name, NULL);
	debugfs_create_file("stats", 0444, card->debugfs, card,
			    &dmacard_stats_fops);
	return 0;

put_disk:
	mutex_lock(&card->dma_lock);
	card->disk = NULL;
	mutex_unlock(&card->dma_lock);
	put_disk(disk);
free_set:
	blk_mq_free_tag_set(set);
free_id:
	ida_free(&dmacard_ida, card->id);
	return ret;
}

/**
 * dmacard_blk_remove() - take the block device away
 * @card: the card
 *
 * Waits for requests in flight (they complete or fail with the channels).
 * Process context.
 */
void dmacard_blk_remove(struct dmacard *card)
{
	debugfs_remove_recursive(card->debugfs);
	del_gendisk(card->disk);
	put_disk(card->disk);
	blk_mq_free_tag_set(&card->tag_set);
	ida_free(&dmacard_ida, card->id);
}
