import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Tree, Typography } from 'antd';
import { OFFICE_LEVEL_LABELS, type Office } from '@zhengming/contracts';
import { useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../../api/api-context';
import { useQuery } from '../../../api/use-query';
import { pickLabel, useI18n } from '../../../i18n/i18n';
import { PageHeader } from '../../../layout/PageHeader';
import { formatDateTime } from '../../../util/format';
import { CreateOfficeModal } from './CreateOfficeModal';
import { OfficeSettingsCard } from './OfficeSettingsCard';
import { buildOfficeTree, type OfficeNode } from './office-tree';

interface TreeItem {
  key: string;
  title: ReactNode;
  children: TreeItem[];
}

/** 机构管理: the office tree of the admin's subtree, and creating a child office. */
export default function OfficesPage() {
  const { t, locale } = useI18n();
  const { endpoints } = useApi();
  const offices = useQuery(() => endpoints.listOffices(), 'offices');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [isCreating, setCreating] = useState(false);

  const tree = useMemo(() => buildOfficeTree(offices.data ?? []), [offices.data]);
  const selected: Office | undefined =
    offices.data?.find((office) => office.id === selectedId) ?? tree[0]?.office ?? undefined;

  const toTreeData = (nodes: OfficeNode[]): TreeItem[] =>
    nodes.map((node) => ({
      key: node.office.id,
      title: (
        <span>
          <span>{node.office.name}</span>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {pickLabel(OFFICE_LEVEL_LABELS[node.office.level], locale)}
          </Typography.Text>
        </span>
      ),
      children: toTreeData(node.children),
    }));

  return (
    <>
      <PageHeader
        title={t('offices.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={selected === undefined}
            onClick={() => setCreating(true)}
          >
            {t('offices.create')}
          </Button>
        }
      />
      <Row gutter={16}>
        <Col xs={24} md={12} xl={10}>
          <Card title={t('offices.tree')}>
            {offices.isLoading && offices.data === undefined ? (
              <Skeleton active />
            ) : tree.length === 0 ? (
              <Empty description={t('offices.empty')} />
            ) : (
              <Tree
                showLine
                defaultExpandAll
                blockNode
                key={offices.data?.length}
                treeData={toTreeData(tree)}
                selectedKeys={selected === undefined ? [] : [selected.id]}
                onSelect={(keys) => {
                  const [key] = keys;
                  if (typeof key === 'string') {
                    setSelectedId(key);
                  }
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={14}>
          <Card title={t('offices.details')}>
            {selected === undefined ? (
              <Empty description={t('offices.selectHint')} />
            ) : (
              <Descriptions column={1}>
                <Descriptions.Item label={t('offices.name')}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={t('offices.level')}>
                  {pickLabel(OFFICE_LEVEL_LABELS[selected.level], locale)}
                </Descriptions.Item>
                <Descriptions.Item label={t('offices.parent')}>
                  {offices.data?.find((office) => office.id === selected.parentId)?.name ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('offices.createdAt')}>
                  {formatDateTime(selected.createdAt, locale)}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          {selected === undefined ? null : <OfficeSettingsCard key={selected.id} office={selected} />}
        </Col>
      </Row>
      {selected === undefined || !isCreating ? null : (
        <CreateOfficeModal
          parent={selected}
          onClose={() => setCreating(false)}
          onCreated={(office) => {
            setCreating(false);
            setSelectedId(office.id);
            offices.reload();
          }}
        />
      )}
    </>
  );
}
